import { useState } from "react";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { currentSelection } from "../cut-editor/data-selection.ts";
import { cutVsNotCut, layerColour, selectionName } from "./layers.ts";
import "./compare.css";

/**
 * The comparison controls beside the histogram's: "+ compare" snapshots the current selection (cycles, channels,
 * cuts) as a named layer, "cut vs. not cut" adds the selection's cut and its negation; each layer is listed in its
 * colour with a remove button, and "normalise" scales every layer to unit area.
 */
export function CompareBar() {
  const store = useAppStoreApi();
  const layers = useAppStore((s) => s.compareLayers);
  const normalised = useAppStore((s) => s.compareNormalised);
  const canSplit = useAppStore((s) => cutVsNotCut(currentSelection(s)) !== null);
  const [name, setName] = useState("");
  const add = (added: { name: string; selection: ReturnType<typeof currentSelection> }[]) => {
    const state = store.getState();
    state.compareLayersAdded(added);
    // the layers are drawn with the histogram's column: draw now when one is picked
    if (state.histogram.x.column !== "") state.histogramRequested();
  };
  return (
    <div className="compare-bar" data-testid="compare-bar" aria-label="Compare selections">
      <input
        className="compare-name"
        data-testid="compare-name"
        placeholder="layer name (optional)"
        title="Name of the next comparison layer (default: its cuts, channels and cycles)"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <button
        type="button"
        data-testid="compare-add"
        title="Add the current selection (cycles, channels, cuts) as a comparison layer"
        onClick={() => {
          const selection = currentSelection(store.getState());
          add([{ name: name.trim() || selectionName(selection), selection }]);
          setName("");
        }}
      >
        + compare
      </button>
      <button
        type="button"
        data-testid="compare-cut-vs-not"
        disabled={!canSplit}
        title="Two layers: the entries passing the applied cut, and those failing it"
        onClick={() => {
          const pair = cutVsNotCut(currentSelection(store.getState()));
          if (pair) add(pair);
        }}
      >
        cut vs. not cut
      </button>
      {layers.length > 0 ? (
        <>
          <label title="Scale every layer to unit area, to compare shapes rather than counts">
            <input
              type="checkbox"
              data-testid="compare-normalise"
              checked={normalised}
              onChange={(event) => store.getState().compareNormalisedChanged(event.target.checked)}
            />{" "}
            normalise
          </label>
          <ul className="compare-layers" data-testid="compare-layers">
            {layers.map((layer, index) => (
              <li key={layer.id} data-testid="compare-layer" title={layer.name}>
                <span className="compare-swatch" style={{ backgroundColor: layerColour(index) }} />
                <span className="compare-layer-name">{layer.name}</span>
                <button
                  type="button"
                  aria-label={`Remove layer ${layer.name}`}
                  title="Remove this layer"
                  onClick={() => store.getState().compareLayerRemoved(layer.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="compare-clear"
            title="Remove every comparison layer"
            onClick={() => store.getState().compareCleared()}
          >
            Clear
          </button>
        </>
      ) : null}
    </div>
  );
}
