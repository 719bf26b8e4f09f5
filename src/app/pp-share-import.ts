/**
 * `<pp-share-import>`: receive stories. A file picker, a folder picker (a mirror tree), drag and
 * drop onto the panel and paste (Ctrl+V) all lead to the same path (share-receive.ts), as do
 * files from the system share sheet (share_target) and from "open with" (file_handlers), which
 * arrive through file-launch.ts. Each file's result is told in plain words in a polite live
 * region, one sentence per story (share-verdicts.ts).
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { explainError } from './explain.ts';
import { formatDateTime } from './i18n/format.ts';
import { LocaleController, msg } from './i18n/locale.ts';
import { drainFiles, takeSharedFiles } from './file-launch.ts';
import { receiveFile, receiveFolder, storedSomething, type Received } from './share-receive.ts';
import { askPersistenceOnce } from './persist.ts';
import { reportLines } from './share-verdicts.ts';
import { appState, StateController } from './state.ts';
import { shared } from './styles.ts';

/** The receive panel. */
export class PpShareImport extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .zone {
        border: 2px dashed var(--pp-border);
        border-radius: 0.5rem;
        padding: 1rem;
        margin: 1rem 0;
      }
      .zone.over {
        border-color: var(--pp-accent);
        background: var(--pp-surface);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      ul {
        padding-inline-start: 1.2rem;
      }
      li.rejected {
        color: var(--pp-error);
      }
      h3 {
        font-size: 1rem;
        margin: 1rem 0 0.3rem;
      }
    `,
  ];

  /** How files arrived with the page (`share-target`: ask the worker for them). */
  declare via: string | undefined;
  declare private _busy: string | undefined;
  declare private _results: readonly Received[];
  declare private _over: boolean;
  private _stopDrain: (() => void) | undefined;
  private _tookShared = false;

  static override properties = {
    via: { attribute: false },
    _busy: { state: true },
    _results: { state: true },
    _over: { state: true },
  };

  constructor() {
    super();
    this.via = undefined;
    this._busy = undefined;
    this._results = [];
    this._over = false;
    new LocaleController(this);
    new StateController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('paste', this._onPaste);
    this._stopDrain = drainFiles((files) => void this._receive(files));
    if (this.via === 'share-target' && !this._tookShared) {
      this._tookShared = true;
      void takeSharedFiles()
        .then((files) => this._receive(files))
        .catch(() => undefined);
    }
  }

  override disconnectedCallback(): void {
    document.removeEventListener('paste', this._onPaste);
    this._stopDrain?.();
    super.disconnectedCallback();
  }

  private async _receive(files: readonly File[]): Promise<void> {
    for (const f of files) {
      this._busy = f.name;
      const r = await receiveFile(f, appState.status?.articleCount ?? 0);
      if (storedSomething(r)) void askPersistenceOnce();
      this._results = [r, ...this._results];
    }
    this._busy = undefined;
  }

  private async _receiveFolder(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    this._busy = (files[0] as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/')[0] ?? files[0]!.name;
    const r = await receiveFolder(files, appState.status?.articleCount ?? 0);
    if (storedSomething(r)) void askPersistenceOnce();
    this._results = [r, ...this._results];
    this._busy = undefined;
  }

  private readonly _onPaste = (e: ClipboardEvent): void => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    void this._receive(files);
  };

  private _onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this._receive(files);
  }

  private _onPickFolder(e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this._receiveFolder(files);
  }

  private _onDragOver(e: DragEvent): void {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    this._over = true;
  }

  private _onDrop(e: DragEvent): void {
    e.preventDefault();
    this._over = false;
    void this._receive([...(e.dataTransfer?.files ?? [])]);
  }

  private _openPicker(which: 'file' | 'folder'): void {
    this.renderRoot.querySelector<HTMLInputElement>(which === 'file' ? '#pick-file' : '#pick-folder')?.click();
  }

  private _result(r: Received): TemplateResult {
    const m = msg();
    let lines: { kind: string; text: string }[];
    if (r.kind === 'share') lines = reportLines(r.report, m);
    else if (r.kind === 'error') lines = [{ kind: 'rejected', text: (r.source === 'share' ? m.importFailed : m.mirrorFileFailed)(r.name, explainError(m, r.code)) }];
    else if (r.status.lastOutcome === 'failed') {
      const why = [...new Set(r.status.lastErrors?.map((e) => explainError(m, e.code)) ?? [])].join('; ');
      lines = [{ kind: 'rejected', text: m.mirrorFileFailed(r.name, why) }];
    } else {
      const added = r.status.lastRun?.added ?? 0;
      lines = [{ kind: 'ok', text: added > 0 ? m.mirrorFileDone(r.name, added) : m.mirrorFileUnchanged(r.name) }];
      if (r.status.publishedAt) lines.push({ kind: 'info', text: m.published(formatDateTime(r.status.publishedAt)) });
    }
    return html`<section>
      <h3>${m.importResultHeading(r.name)}</h3>
      <ul>
        ${lines.map((l) => html`<li class=${l.kind}>${l.text}</li>`)}
      </ul>
    </section>`;
  }

  override render(): TemplateResult {
    const m = msg();
    return html`
      <h2>${m.importHeading}</h2>
      <p>${m.importIntro}</p>
      <div class="zone ${this._over ? 'over' : ''}" role="group" aria-label=${m.importDropZone} @dragover=${this._onDragOver} @dragleave=${() => (this._over = false)} @drop=${this._onDrop}>
        <div class="buttons">
          <button type="button" class="primary" @click=${() => this._openPicker('file')}>${m.importPick}</button>
          <button type="button" @click=${() => this._openPicker('folder')}>${m.mirrorFolderPick}</button>
        </div>
        <p class="muted">${m.importDrop}</p>
        <input id="pick-file" class="visually-hidden" type="file" multiple accept=".html,.htm,.json,.zip,text/html,application/json,application/zip" tabindex="-1" aria-hidden="true" @change=${this._onPick} />
        <input id="pick-folder" class="visually-hidden" type="file" webkitdirectory tabindex="-1" aria-hidden="true" @change=${this._onPickFolder} />
      </div>
      <div role="status" aria-live="polite" aria-atomic="false">
        ${this._busy ? html`<p aria-busy="true">${m.importWorking(this._busy)}</p>` : nothing} ${this._results.map((r) => this._result(r))}
      </div>
    `;
  }
}

customElements.define('pp-share-import', PpShareImport);

declare global {
  interface HTMLElementTagNameMap {
    'pp-share-import': PpShareImport;
  }
}
