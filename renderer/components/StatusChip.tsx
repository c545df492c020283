interface Props {
  present: boolean;
  tier: string;
}

/** A tier file's status: present or missing. */
export function StatusChip({ present, tier }: Props) {
  return (
    <span
      className={present ? "chip chip-present" : "chip chip-missing"}
      title={`${tier} file ${present ? "present" : "missing"}`}
    >
      {present ? "present" : "missing"}
    </span>
  );
}
