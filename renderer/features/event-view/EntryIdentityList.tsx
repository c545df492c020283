import { type EntryName, identityFields } from "./identity-text.ts";
import "./event-view.css";

interface Props {
  name: EntryName;
}

/** Who an entry is: detector, rawid, cycle, timestamp, file, table, row and event, as a definition list. */
export function EntryIdentityList({ name }: Props) {
  return (
    <dl className="entry-identity" data-testid="entry-identity">
      {identityFields(name).map(({ key, label, value }) => (
        <div key={key} data-testid={`identity-${key}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
