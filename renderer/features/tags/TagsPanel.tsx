import { useEffect, useMemo, useState } from "react";
import type { SavedEntryList } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import type { SerializedError } from "../../../shared/api/errors.ts";
import { formatCount } from "../../components/format.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import type { Tag } from "../../stores/tags-slice.ts";
import { openEntryList } from "../cut-editor/EntryLists.tsx";
import { currentSelection, selectionKey } from "../cut-editor/data-selection.ts";
import { defaultExportPath } from "../export/ExportDialog.tsx";
import { FileJobStatus } from "../export/FileJobStatus.tsx";
import { FileJobRunner, type FileJobState } from "../export/run-export.ts";
import { taggedEntries } from "./tag-entry.ts";
import "./tags.css";

function tagText(tag: Tag): string {
  const who = tag.detector ? `${tag.detector} (${String(tag.table)})` : tag.tableName;
  const event = tag.event >= 0 ? ` · event ${tag.event}` : "";
  return `${who} · row ${tag.row}${event} · ${tag.cycleKey}`;
}

/** The entry-list export of the tags: a file path, the job's progress and overwrite question, then its result. */
function ExportTags({ tags }: { tags: readonly Tag[] }) {
  const api = useApi();
  const store = useAppStoreApi();
  const [path, setPath] = useState("");
  const [job, setJob] = useState<FileJobState<SavedEntryList>>({ state: "idle" });
  const [openError, setOpenError] = useState<SerializedError | null>(null);
  const runner = useMemo(() => new FileJobRunner<SavedEntryList>(api, setJob), [api]);
  const source = useAppStore((s) => s.dataset?.sourcePath ?? "CONFIG");
  useEffect(() => () => runner.dispose(), [runner]);
  useEffect(() => {
    void api
      .getAppInfo()
      .then((info) =>
        setPath((typed) =>
          typed === "" ? `${defaultExportPath(info.exportDir, new Date(), "tags")}.lh5` : typed,
        ),
      );
  }, [api]);
  const level = tags[0]?.level ?? "hit";
  const start = (overwrite: boolean) =>
    void runner.run(
      (ow) => api.saveTaggedEntries({ entries: taggedEntries(tags), level, outputPath: path, overwrite: ow }),
      overwrite,
    );
  return (
    <div className="tags-export">
      <label>
        Entry list file{" "}
        <input
          data-testid="tags-export-path"
          title="Where the tagged entries are written (LH5: hit_table, hit_idx, file)"
          value={path}
          onChange={(event) => setPath(event.target.value)}
        />
      </label>
      <button
        type="button"
        data-testid="tags-export"
        title="Write the tagged entries as an entry list file"
        disabled={tags.length === 0 || path.trim() === "" || job.state === "running"}
        onClick={() => start(false)}
      >
        Export entry list
      </button>
      <FileJobStatus
        job={job}
        path={path}
        testIdPrefix="tags-export"
        progressLabel="Writing the tagged entries"
        onOverwrite={() => start(true)}
      />
      {job.state === "done" ? (
        <p className="export-done" data-testid="tags-export-done" data-path={job.result.outputPath}>
          Wrote {formatCount(job.result.entries)} entries to {job.result.outputPath}.{" "}
          <button
            type="button"
            data-testid="tags-use"
            title="Open the tagged entries as the selection (Copy as Python then loads this file)"
            onClick={() =>
              void openEntryList(api, store, job.result.outputPath).then((problem) => setOpenError(problem))
            }
          >
            Use as the selection
          </button>
          <code className="tags-cli" data-testid="tags-cli">
            lh5-browser load {source} --entry-list {job.result.outputPath} --columns …
          </code>
        </p>
      ) : null}
      {openError ? <ErrorMessage error={openError} /> : null}
    </div>
  );
}

/** The tagged entries: press `t` on a selected waveform to tag it; jump back to a tag, remove it, export them all. */
export function TagsPanel() {
  const store = useAppStoreApi();
  const tags = useAppStore((s) => s.tags);
  const selection = useAppStore((s) => selectionKey(currentSelection(s)));
  const jump = (tag: Tag) => {
    const state = store.getState();
    const perPage = state.waveforms.perPage;
    if (state.waveforms.randomSeed !== null) state.waveformsChanged({ randomSeed: null });
    state.waveformPaged(Math.floor(tag.position / perPage) * perPage);
    state.waveformEntrySelected(tag.position);
  };
  return (
    <section className="tags-panel" data-testid="tags-panel" aria-label="Tagged entries">
      <h3>
        Tags ({tags.length}){" "}
        <span className="muted">— select a waveform and press t to tag it (again to untag)</span>
        {tags.length > 0 ? (
          <button
            type="button"
            data-testid="tags-clear"
            title="Remove every tag"
            onClick={() => store.getState().tagsCleared()}
          >
            Clear
          </button>
        ) : null}
      </h3>
      {tags.length > 0 ? (
        <>
          <ol className="tags-list">
            {tags.map((tag) => (
              <li
                key={tag.key}
                data-testid="tag"
                data-cycle={tag.cycle}
                data-table={String(tag.table)}
                data-row={tag.row}
              >
                <span className="tag-text">{tagText(tag)}</span>
                <button
                  type="button"
                  data-testid="tag-jump"
                  disabled={tag.selection !== selection}
                  title={
                    tag.selection === selection
                      ? `Show entry #${tag.position} of this selection`
                      : "Tagged in another selection (cycles, channels or cuts): go back to it to jump here"
                  }
                  onClick={() => jump(tag)}
                >
                  Jump
                </button>
                <button
                  type="button"
                  data-testid="tag-remove"
                  aria-label={`Remove tag ${tagText(tag)}`}
                  title="Remove this tag"
                  onClick={() => store.getState().tagRemoved(tag.key)}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <ExportTags tags={tags} />
        </>
      ) : null}
    </section>
  );
}
