import type { Lh5Node } from "../../../shared/api/file-browser.ts";
import type { FileViewKind } from "../../stores/file-browser-slice.ts";

interface Props {
  node: Lh5Node;
  onView: (kind: FileViewKind) => void;
}

const VIEW_LABELS: { kind: FileViewKind; label: string }[] = [
  { kind: "table", label: "Table" },
  { kind: "histogram", label: "Histogram" },
  { kind: "waveforms", label: "Waveforms" },
];

/** An object's metadata as `ls` shows it (LGDO type, datatype, shape, dtype, filters, units) and its attributes. */
export function NodeDetails({ node, onView }: Props) {
  const facts: [string, string][] = [
    ["path", `/${node.path}`],
    ["LGDO type", node.type],
    ["datatype", node.datatype ?? "(none)"],
  ];
  if (node.datatypeError) facts.push(["bad datatype", node.datatypeError]);
  if (node.shape !== null) facts.push(["shape", `(${node.shape.join(", ")})`]);
  if (node.dtype !== null) facts.push(["dtype", node.dtype]);
  if (node.nRows !== null) facts.push(["rows", String(node.nRows)]);
  if (node.filters.length > 0)
    facts.push(["filters", node.filters.map((f) => `${f.name} (${f.id})`).join(", ")]);
  if (node.units !== null) facts.push(["units", node.units]);
  if (node.aliases.length > 0) facts.push(["also at", node.aliases.map((a) => `/${a}`).join(", ")]);
  if (node.softLink !== undefined) facts.push(["soft link to", node.softLink]);
  if (node.brokenLink !== undefined) facts.push(["broken link", node.brokenLink]);
  const attrs = Object.entries(node.attrs);
  return (
    <section className="node-details" aria-label="Object details">
      <div className="node-views">
        {VIEW_LABELS.map(({ kind, label }) => (
          <button key={kind} type="button" disabled={!node.views[kind]} onClick={() => onView(kind)}>
            {label}
          </button>
        ))}
      </div>
      <table className="node-facts">
        <tbody>
          {facts.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Attributes</h3>
      {attrs.length === 0 ? (
        <p className="node-no-attrs">none besides datatype</p>
      ) : (
        <table className="node-attrs" aria-label="Attributes">
          <tbody>
            {attrs.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{typeof value === "string" ? value : JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
