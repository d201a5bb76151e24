// Touching the run: the lr and batch_size sliders scrub it (the whole run recomputed and every
// plot redrawn while a slider moves, the run before as the ghost), and the start and the fitted
// line are dragged (web/drag.js). Every gesture asks the run controller (web/controller.js:
// beginTouch, preview, commitTouch); the views only draw what it publishes.
import { el } from './dom.js';
import { wireDrags } from './drag.js';
import { format } from './format.js';
import { t } from './strings.js';

// A gesture over the controller: begin() once, move(changes) as often as the input comes (one
// preview a frame at most: the latest asked for wins), end() on release, cancel() on Escape.
class Gesture {
  constructor(controller, label) {
    this.controller = controller;
    this.label = label;
    this.pending = null;
    this.frame = 0;
    this.ranThisFrame = false;
    this.onError = (message) => controller.emit('error', { message });
    this.onPreview = () => {};
  }

  get active() {
    return this.controller.touchedBy(this);
  }

  begin() {
    if (!this.active) this.controller.beginTouch(this.label, this);
  }

  move(changes) {
    this.begin();
    this.pending = changes;
    if (this.frame) return;
    if (!this.ranThisFrame) {
      this.ranThisFrame = true;
      requestAnimationFrame(() => {
        this.ranThisFrame = false;
      });
      this.flush();
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  flush() {
    const changes = this.pending;
    this.pending = null;
    if (!changes || !this.active) return;
    try {
      this.onPreview(this.controller.preview(changes));
    } catch (e) {
      this.onError(e.message);
    }
  }

  end(changes) {
    if (changes) this.move(changes);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.flush();
    if (this.active) this.controller.commitTouch();
    this.onPreview(null);
  }

  cancel() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = null;
    if (this.active) this.controller.cancelTouch();
    this.onPreview(null);
  }
}

// The batch sizes the slider offers: 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, ... up to num_train, and
// the current one.
function batchSizes(numTrain, current) {
  const sizes = new Set([current]);
  for (let p = 1; p <= numTrain; p *= 2) {
    sizes.add(p);
    if (p >= 2 && p + p / 2 <= numTrain) sizes.add(p + p / 2);
  }
  sizes.add(numTrain);
  return Array.from(sizes).filter((v) => v >= 1 && v <= numTrain).sort((a, b) => a - b);
}

// A slider beside the batch_size field's text box (typing still works), which scrubs the run.
class BatchSlider {
  // field: the batch_size field's wrapper (.field[data-key="batch_size"]); gesture: its Gesture.
  constructor(field, gesture) {
    this.input = field.querySelector('input');
    this.gesture = gesture;
    this.sizes = [];
    this.range = el('input', {
      type: 'range', class: 'lr-slider-range batch-slider-range', 'data-part': 'batch-slider', min: '0', step: '1',
      'aria-label': t('touch.batchSlider'),
      on: { input: () => this.moved(false), change: () => this.moved(true) },
    });
    this.box = el('div', { class: 'lr-slider batch-slider' }, this.range);
    const row = el('div', { class: 'lr-row' });
    this.input.before(row);
    row.append(this.input, this.box);
  }

  moved(released) {
    const batchSize = this.sizes[Number(this.range.value)];
    this.range.setAttribute('aria-valuetext', `batch_size = ${format.int(batchSize)}`);
    if (released) this.gesture.end({ batch_size: batchSize });
    else this.gesture.move({ batch_size: batchSize });
  }

  // The run's batch size and training examples.
  update(batchSize, numTrain) {
    const key = `${batchSize}|${numTrain}`;
    if (key === this.key) return;
    this.key = key;
    this.sizes = batchSizes(numTrain, batchSize);
    this.range.max = String(this.sizes.length - 1);
    this.range.value = String(this.sizes.indexOf(batchSize));
    this.range.setAttribute('aria-valuetext', `batch_size = ${format.int(batchSize)}`);
  }
}

// The note said while a preview is a thinned run (a large data set): fixed at the foot of the
// window, wherever the control is.
class ThinNote {
  constructor() {
    this.el = el('p', { class: 'touch-note', 'data-part': 'touch-note', role: 'status', hidden: true });
    document.body.append(this.el);
  }

  show(result) {
    const thinned = result && result.thinned;
    this.el.hidden = !thinned;
    this.el.dataset.examples = thinned ? String(thinned.examples) : '';
    if (thinned) this.el.textContent = t('touch.thinned', { m: format.int(thinned.examples), n: format.int(thinned.of) });
  }
}

// A range let go where it was taken sends no 'change' (its value is the one it had): once the
// pointer's events are done, a gesture its moves began and no 'change' ended is let go without a
// change (the run before stays).
function cancelOnRelease(range, gesture) {
  const release = () => setTimeout(() => gesture.active && gesture.cancel());
  range.addEventListener('pointerup', release);
  range.addEventListener('pointercancel', release);
}

// Wires the sliders, the start handle and the line (web/drag.js) to the controller.
export function wireTouch({ controller, view, beyond, $ }) {
  const note = new ThinNote();
  const gesture = (label) => {
    const g = new Gesture(controller, label);
    g.onPreview = (result) => note.show(result);
    return g;
  };
  const lr = gesture(t('touch.ghost'));
  beyond.lrLimit.slider.onScrub = (value, phase) => (phase === 'change' ? lr.end({ lr: value }) : lr.move({ lr: value }));
  const batch = new BatchSlider($('#settings .field[data-key="batch_size"]'), gesture(t('touch.ghost')));
  cancelOnRelease(beyond.lrLimit.slider.range, lr);
  cancelOnRelease(batch.range, batch.gesture);
  wireDrags({ controller, view, beyond, gesture, $ });
  const update = () => {
    const c = controller.config;
    batch.update(c.batch_size, c.num_train);
  };
  controller.subscribe((event) => event === 'render' && update());
  update();
}

export const scrub = { batchSizes, Gesture };
