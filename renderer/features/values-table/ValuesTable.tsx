import { useEffect, useState } from "react";
import type {
  ColumnInfo,
  DataSelection,
  WaveformPage,
  WaveformValueRange,
} from "../../../shared/api/types.ts";
import { type SerializedError, serializeError } from "../../../shared/api/errors.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useApi } from "../../app/api-context.ts";
import { formatValue } from "../waveforms/waveform-figure.ts";
import { EntryIdentityList } from "../event-view/EntryIdentityList.tsx";
import { type EntryName, entryName } from "../event-view/identity-text.ts";

interface Props {
  /** Position of the entry in the (range-filtered) entry list. */
  entry: number;
  selection: DataSelection;
  range: WaveformValueRange | null;
  columns: readonly ColumnInfo[];
}

interface Row {
  tier: string;
  name: string;
  value: number;
  units: string | null;
}

const MAX_COLUMNS = 64; // the contract's limit on legend columns per page

/** Columns in requests of at most MAX_COLUMNS (the evt tier comes last and must not be cut off). */
export function columnChunks<T>(columns: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < columns.length; i += MAX_COLUMNS) chunks.push(columns.slice(i, i + MAX_COLUMNS));
  return chunks;
}

/**
 * The selected waveform's entry: its scalar values in every tier (raw, dsp, hit, and evt at the hit's
 * event through the TCM), read as one-entry pages.
 */
export function ValuesTable({ entry, selection, range, columns }: Props) {
  const api = useApi();
  // answers are kept with the request they answer, so a stale one is never shown
  const [answer, setAnswer] = useState<{
    key: string;
    rows?: Row[];
    name?: EntryName | null;
    error?: SerializedError;
  } | null>(null);
  // a column name in several tiers (e.g. timestamp) is asked for once
  const wanted = columns.filter((c, k) => columns.findIndex((d) => d.name === c.name) === k);
  const key = JSON.stringify([entry, selection, range, wanted.map((c) => c.name)]);
  useEffect(() => {
    let current = true;
    Promise.all(
      // one request even without columns: the page also says who the entry is
      (wanted.length > 0 ? columnChunks(wanted) : [[]]).map((chunk) =>
        api.waveformPage({
          selection,
          columns: [],
          start: entry,
          count: 1,
          legendColumns: chunk.map((c) => c.name),
          ...(range ? { valueRange: range } : {}),
        }),
      ),
    ).then(
      (pages) => {
        if (!current) return;
        const legend = Object.assign({}, ...pages.map((p) => p.legend)) as WaveformPage["legend"];
        const identity = pages[0]?.identity;
        setAnswer({
          key,
          name: identity ? entryName(identity, 0) : null,
          rows: wanted.map((c) => ({
            tier: c.tier,
            name: c.name,
            value: legend[c.name]?.values[0] ?? Number.NaN,
            units: legend[c.name]?.units ?? c.units,
          })),
        });
      },
      (e: unknown) => current && setAnswer({ key, error: serializeError(e) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the request
  }, [api, key]);
  const rows = answer?.key === key ? (answer.rows ?? null) : null;
  const error = answer?.key === key ? (answer.error ?? null) : null;
  const name = answer?.key === key ? (answer.name ?? null) : null;
  return (
    <div className="values-table" data-testid="values-table">
      <h3>Entry #{entry}</h3>
      {name ? <EntryIdentityList name={name} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {rows ? (
        <table>
          <thead>
            <tr>
              <th>tier</th>
              <th>column</th>
              <th>value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.tier}/${row.name}`}>
                <td>{row.tier}</td>
                <td>{row.name}</td>
                <td data-testid={`value-${row.name}`}>{formatValue(row.value, row.units)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : error ? null : (
        <p>loading…</p>
      )}
    </div>
  );
}
