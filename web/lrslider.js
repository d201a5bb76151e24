// The learning rate as a slider on a log scale, beside the lr field's text box (typing still
// works): moving it previews the whole run at the rounded value (web/scrub.js) and letting go
// makes it the run's lr; without that wiring it writes the value into the box as an edit. Its
// track marks 2/lambda_max, the largest lr at which gradient descent on the whole training set
// converges (web/analysis.js's curvature): green below, red above.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const STEPS_PER_DECADE = 24;
const SPAN = { lo: -4, hi: 1 }; // log10 of the track's ends, widened to hold the lr and the limit

// A slider position as a learning rate with two significant digits (0.03, not 0.0302).
function lrAt(log10) {
  return Number((10 ** log10).toPrecision(2));
}

// An exponent in superscript digits: -4 -> '⁻⁴'.
function superscript(k) {
  return String(k).replace(/-/g, '\u207b').replace(/\d/g, (d) => '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079'[Number(d)]);
}

class LrSlider {
  // field: the lr field's wrapper (.field[data-key="lr"]), holding its text input.
  constructor(field) {
    this.input = field.querySelector('input');
    this.range = el('input', {
      type: 'range', class: 'lr-slider-range', 'data-part': 'lr-slider', step: String(1 / STEPS_PER_DECADE),
      'aria-label': t('lr.slider'),
      on: { input: () => this.moved('input'), change: () => this.moved('change') },
    });
    // onScrub(lr, phase): set by web/scrub.js, which previews the whole run while the slider moves
    // ('input') and makes lr the run's on release ('change'); without it the slider edits the box.
    this.onScrub = null;
    this.mark = el('span', { class: 'lr-slider-limit', 'data-part': 'lr-slider-limit', hidden: true });
    this.scale = el('div', { class: 'lr-slider-scale', 'aria-hidden': 'true' });
    this.box = el('div', { class: 'lr-slider' }, this.range, this.mark, this.scale);
    // the number, then the slider beside it
    const row = el('div', { class: 'lr-row' });
    this.input.before(row);
    row.append(this.input, this.box);
    this.span = { lo: NaN, hi: NaN }; // set by the first update
    this.limit = NaN;
  }

  // The slider was moved ('input') or let go ('change'): scrubbed (onScrub), or else the text box
  // takes the value and the form reads it as an edit.
  moved(phase) {
    const lr = lrAt(Number(this.range.value));
    this.range.setAttribute('aria-valuetext', `lr = ${format.plain(lr)}`);
    if (this.onScrub) {
      this.onScrub(lr, phase);
      return;
    }
    if (phase !== 'input' || this.input.value === String(lr)) return;
    this.input.value = String(lr);
    this.input.dispatchEvent(new Event('change'));
  }

  // Where a value sits along the track, from 0 to 1.
  fraction(v) {
    return (Math.log10(v) - this.span.lo) / (this.span.hi - this.span.lo);
  }

  // A label under every other decade of the track (1 always among them): 10⁻⁴, 0.01, 1, ...
  drawScale() {
    const { lo, hi } = this.span;
    const labels = [];
    for (let k = lo; k <= hi; ++k) {
      if (k % 2 !== 0) continue;
      const label = el('span', { text: k >= -2 && k <= 2 ? format.plain(Number((10 ** k).toPrecision(1))) : `10${superscript(k)}` });
      label.style.setProperty('--at', String(this.fraction(10 ** k)));
      labels.push(label);
    }
    this.scale.replaceChildren(...labels);
  }

  // lr: the run's learning rate; limit: 2/lambda_max (NaN: not known for this run).
  update(lr, limit) {
    const known = Number.isFinite(limit) && limit > 0;
    const ends = [lr, known ? limit : NaN].filter((v) => Number.isFinite(v) && v > 0).map(Math.log10);
    const lo = Math.floor(Math.min(SPAN.lo, ...ends.map((v) => v - 1)));
    const hi = Math.ceil(Math.max(SPAN.hi, ...ends.map((v) => v + 0.5)));
    if (lo !== this.span.lo || hi !== this.span.hi) {
      this.span = { lo, hi };
      this.range.min = String(lo);
      this.range.max = String(hi);
      this.drawScale();
    }
    if (Number.isFinite(lr) && lr > 0) {
      if (lrAt(Number(this.range.value)) !== lr) this.range.value = String(Math.log10(lr));
      this.range.setAttribute('aria-valuetext', `lr = ${format.plain(lr)}`);
    }
    this.mark.hidden = !known;
    this.box.dataset.limit = known ? String(limit) : '';
    if (known && limit !== this.limit) {
      const at = Math.min(1, Math.max(0, this.fraction(limit)));
      this.box.style.setProperty('--limit-at', String(at));
      this.mark.title = t('lr.sliderLimit', { limit: format.loss(limit) });
    }
    this.limit = known ? limit : NaN;
    this.box.dataset.state = known && lr > limit ? 'above' : 'below';
  }
}

export { LrSlider };
