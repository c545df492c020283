import { Component, type ReactNode } from "react";
import { serializeError } from "../../shared/api/errors.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

interface Props {
  name: string;
  children: ReactNode;
}

interface State {
  error: unknown;
}

/** One boundary per panel: a crash in one view shows its error and a retry, the rest keeps working. */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override render() {
    if (this.state.error !== null)
      return (
        <div className="panel-error">
          <p>The {this.props.name} panel failed.</p>
          <ErrorMessage
            error={serializeError(this.state.error)}
            onRetry={() => this.setState({ error: null })}
          />
        </div>
      );
    return this.props.children;
  }
}
