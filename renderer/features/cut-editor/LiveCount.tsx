import { useAppStore } from "../../stores/store.ts";
import { LiveCountByChannel } from "./LiveCountByChannel.tsx";
import { SkippedCycles } from "./SkippedCycles.tsx";

interface Props {
  onCancel: () => void;
}

/** Entries passing the current cuts on the current cycles and channels. */
export function LiveCount({ onCancel }: Props) {
  const count = useAppStore((state) => state.liveCount);
  const stale = count.state === "counting" || count.state === "cancelled";
  return (
    <div className="live-count-row">
      <span className="muted">passing entries:</span>{" "}
      <strong
        data-testid="live-count"
        data-state={count.state}
        className={stale ? "live-count stale" : "live-count"}
        title="entries passing the cuts on the selected cycles and channels"
      >
        {count.total !== null ? String(count.total) : "–"}
      </strong>
      <LiveCountByChannel />
      {count.state === "done" ? <SkippedCycles skipped={count.skipped} /> : null}
      {count.state === "counting" ? (
        <>
          <span className="muted">
            {" "}
            counting{count.progress !== null ? ` ${Math.round(count.progress * 100)}%` : "…"}
          </span>{" "}
          <button type="button" data-testid="live-count-cancel" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : null}
      {count.state === "cancelled" ? <span className="muted"> (cancelled)</span> : null}
      {count.state === "failed" && count.error ? (
        <span className="live-count-error" role="alert" data-testid="live-count-error">
          {" "}
          {count.error.message}
        </span>
      ) : null}
    </div>
  );
}
