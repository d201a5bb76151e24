// Readouts: the counters, the parameters against the true ones, and the lines the book (and the
// command-line program) prints: the loss after each epoch and the error in estimating w and b.
(function (page) {
  'use strict';

  const MAX_PARAM_ROWS = 16;

  class Readouts {
    constructor(root) {
      this.root = root;
      this.q = (name) => root.querySelector(`[data-readout="${name}"]`);
      this.counters = {
        epoch: document.querySelector('[data-counter="epoch"]'),
        step: document.querySelector('[data-counter="step"]'),
        examples: document.querySelector('[data-counter="examples"]'),
        total: document.querySelector('[data-counter="total"]'),
      };
    }

    // state: the trainer's State; config: its Config; epochs: {epoch, trainLoss, valLoss}.
    update(state, config, epochs) {
      const f = page.format;
      const c = this.counters;
      c.epoch.textContent = `${f.int(state.epoch)} / ${f.int(config.max_epochs)}`;
      c.epoch.dataset.value = String(state.epoch);
      c.step.textContent = `${f.int(state.batchInEpoch)} / ${f.int(state.numBatches)}`;
      c.step.dataset.value = String(state.batchInEpoch);
      c.examples.textContent = f.int(state.examplesSeen);
      c.examples.dataset.value = String(state.examplesSeen);
      c.total.textContent = f.int(state.globalStep);
      c.total.dataset.value = String(state.globalStep);

      this.renderParams(state);
      this.q('error-w').textContent = `error in estimating w: ${f.list6(state.errorW)}`;
      this.q('error-b').textContent = `error in estimating b: [${f.fixed6(state.errorB)}]`;
      this.renderEpochs(config, epochs);
    }

    renderParams(state) {
      const f = page.format;
      const d = state.w.length;
      const rows = [];
      const row = (name, j, truth, now, err) => {
        const tr = document.createElement('tr');
        tr.dataset.param = `${name}${j === undefined ? '' : j}`;
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = name;
        if (j !== undefined) {
          const s = document.createElement('sub');
          s.textContent = String(j);
          th.append(s);
        }
        tr.append(th);
        for (const [v, cls] of [[truth, 'truth'], [now, 'now'], [err, 'err']]) {
          const td = document.createElement('td');
          td.className = cls;
          td.textContent = f.param6(v);
          td.dataset.value = String(v);
          tr.append(td);
        }
        return tr;
      };
      const shown = Math.min(d, MAX_PARAM_ROWS);
      for (let j = 0; j < shown; ++j) rows.push(row('w', j + 1, state.trueW[j], state.w[j], state.errorW[j]));
      if (shown < d) {
        const tr = document.createElement('tr');
        const td = document.createElement('td');
        td.colSpan = 4;
        td.textContent = `\u2026 and ${f.int(d - shown)} more weights (all of them in the lines below)`;
        tr.append(td);
        rows.push(tr);
      }
      rows.push(row('b', undefined, state.trueB, state.b, state.errorB));
      this.q('params').replaceChildren(...rows);
    }

    // "epoch 1, train loss 2.429546, val loss 2.328603", as the command-line program prints.
    renderEpochs(config, epochs) {
      const f = page.format;
      const lines = epochs.epoch.map((e, i) =>
        config.num_val > 0
          ? `epoch ${e}, train loss ${f.fixed6(epochs.trainLoss[i])}, val loss ${f.fixed6(epochs.valLoss[i])}`
          : `epoch ${e}, loss ${f.fixed6(epochs.trainLoss[i])}`);
      const MAX_LINES = 50;
      const shown = lines.length > MAX_LINES ? ['\u2026', ...lines.slice(-MAX_LINES)] : lines;
      this.q('epochs').textContent = shown.length ? shown.join('\n') : 'No epoch completed yet.';
    }
  }

  // The line under the buttons: ready, running, finished, or diverged (with what to do).
  class StatusLine {
    constructor(el) {
      this.el = el;
    }

    show(state, config, running) {
      const f = page.format;
      if (state.diverged) {
        this.set('error', `Training diverged at step ${f.int(state.divergedStep)}: the loss is no longer a finite ` +
          `number, so training stopped. Try a smaller learning rate than ${f.plain(config.lr)} ` +
          `(say ${f.plain(config.lr / 10)}), then press Reset.`);
      } else if (state.finished) {
        const epochs = `${f.int(config.max_epochs)} epoch${config.max_epochs === 1 ? '' : 's'}`;
        this.set('done', `Finished: ${epochs}, ${f.int(state.globalStep)} steps. ` +
          'Raise Epochs to train on, or press Reset to watch it again.');
      } else if (state.globalStep === 0) {
        this.set('info', 'Ready. Step takes one minibatch; Epoch runs to the end of the epoch; Run animates.');
      } else {
        this.set('info', running ? 'Running\u2026' : 'Paused.');
      }
    }

    error(message) {
      this.set('error', message);
    }

    set(kind, text) {
      const el = this.el;
      if (el.dataset.kind !== kind) {
        el.dataset.kind = kind;
        el.className = `status status-${kind}`;
        el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      }
      if (el.textContent !== text) el.textContent = text;
    }
  }

  page.Readouts = Readouts;
  page.StatusLine = StatusLine;
})((window.LinRegPage = window.LinRegPage || {}));
