/**
 * `<pp-qr-code>`: a QR code of `text`, drawn with lean-qr onto a canvas (one pixel per module,
 * scaled up by CSS without smoothing), black on white whatever the colour scheme so any reader
 * can see it. The canvas is an image with a label; the same text is always offered beside it.
 *
 * @fires pp-qr-too-big - the text does not fit in one QR code (the host offers the text only)
 */
import { correction, generate } from 'lean-qr';
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';

export class PpQrCode extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    canvas {
      display: block;
      width: min(18rem, 80vw);
      height: auto;
      image-rendering: pixelated;
      background: #fff;
      border-radius: 0.25rem;
    }
  `;

  declare text: string;
  declare label: string;

  static override properties = {
    text: { type: String },
    label: { type: String },
  };

  constructor() {
    super();
    this.text = '';
    this.label = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('text')) return;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.text) return;
    try {
      // Medium error correction: survives a glare or a smudge on a phone screen.
      generate(this.text, { minCorrectionLevel: correction.M }).toCanvas(canvas, { on: [0, 0, 0], off: [255, 255, 255], pad: 4 });
    } catch {
      this.dispatchEvent(new CustomEvent('pp-qr-too-big', { bubbles: true, composed: true }));
    }
  }

  override render(): TemplateResult {
    return html`<canvas role="img" aria-label=${this.label}></canvas>`;
  }
}

customElements.define('pp-qr-code', PpQrCode);

declare global {
  interface HTMLElementTagNameMap {
    'pp-qr-code': PpQrCode;
  }
}
