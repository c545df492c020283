import type { TableDetails, TierFileDetails } from "../../../shared/api/types.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { StatusChip } from "../../components/StatusChip.tsx";
import { basename, formatBytes, formatCount } from "../../components/format.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { useCycleDetails } from "./use-cycle-details.ts";

function TableBlock({ table, open, tier }: { table: TableDetails; open: boolean; tier: string }) {
  const store = useAppStoreApi();
  return (
    <details className="table-block" open={open}>
      <summary>
        <code>{table.name}</code>
        <span className="muted">
          {" "}
          {table.columns.length} columns{table.nRows !== null ? `, ${formatCount(table.nRows)} rows` : ""}
        </span>
      </summary>
      <table className="columns-table">
        <thead>
          <tr>
            <th>column</th>
            <th>LGDO type</th>
            <th>dtype</th>
            <th>units</th>
          </tr>
        </thead>
        <tbody>
          {table.columns.map((column) => (
            <tr
              key={column.name}
              title="Double-click: histogram of this column"
              onDoubleClick={() => store.getState().histogramOfColumn(column.name, tier)}
            >
              <td>
                <code>{column.name}</code>
              </td>
              <td className="lgdo-type">{column.lgdoType ?? "–"}</td>
              <td>{column.dtype ?? ""}</td>
              <td>{column.units ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function TierBlock({ file }: { file: TierFileDetails }) {
  return (
    <section className="tier-block">
      <h3>
        {file.tier} <StatusChip present={file.exists} tier={file.tier} />
        {file.exists ? <span className="muted"> {formatBytes(file.size)}</span> : null}
      </h3>
      {file.path ? (
        <div className="file-path" title={file.path}>
          {basename(file.path)}
        </div>
      ) : null}
      {file.error ? (
        <ErrorMessage error={{ name: "LH5Error", message: file.error, file: file.path ?? "" }} />
      ) : null}
      {file.exists && file.tables.length === 0 && !file.error ? <div className="muted">no tables</div> : null}
      {file.tables.map((table, index) => (
        <TableBlock
          key={table.name}
          table={table}
          tier={file.tier}
          open={index === 0 && file.tables.length <= 2}
        />
      ))}
    </section>
  );
}

/** Files per tier of the focused cycle, their tables and columns with LGDO type and units. */
export function DetailsPanel() {
  const datasetId = useAppStore((state) => state.dataset?.id ?? null);
  const row = useAppStore((state) => state.focusedRow);
  const [state, retry] = useCycleDetails(datasetId, row);
  return (
    <aside className="details-panel" data-testid="details-panel" aria-label="Cycle details">
      {state.status === "idle" ? (
        <p className="muted">Click a cycle to see its files, tables and columns.</p>
      ) : null}
      {state.status === "loading" ? <p className="muted">Reading the cycle's files…</p> : null}
      {state.status === "failed" ? <ErrorMessage error={state.error} onRetry={retry} /> : null}
      {state.status === "ready" ? (
        <>
          <h2>
            Cycle{" "}
            {Object.entries(state.details.keys)
              .map(([, value]) => value)
              .join(" · ")}
          </h2>
          {state.details.files.map((file) => (
            <TierBlock key={file.tier} file={file} />
          ))}
        </>
      ) : null}
    </aside>
  );
}
