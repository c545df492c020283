interface Props {
  /** 0…1, or null for an unknown total (indeterminate). */
  fraction: number | null;
  label: string;
}

export function ProgressBar({ fraction, label }: Props) {
  const percent = fraction === null ? null : Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div
      className={percent === null ? "progress progress-indeterminate" : "progress"}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
