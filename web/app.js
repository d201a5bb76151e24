// The page's entry: loads the module and wires the parts together (session, player, controls,
// charts, inspector, readouts). Everything else lives in those parts.
(function (page) {
  'use strict';

  const $ = (selector) => document.querySelector(selector);

  function fatal(message) {
    const box = $('#status');
    box.className = 'status status-error';
    box.textContent = message;
    document.body.classList.add('is-broken');
  }

  async function main() {
    if (typeof LinReg === 'undefined' || typeof uPlot === 'undefined') {
      fatal('A script of the page is missing (web/dist/ or web/vendor/). Build it with scripts/build.sh.');
      return;
    }
    let api;
    try {
      api = await LinReg.load();
    } catch (e) {
      fatal(`The WebAssembly module did not load: ${e.message}`);
      return;
    }

    const session = new page.Session(api);
    session.start('book');

    const charts = {
      data: new page.charts.DataChart($('#chart-data')),
      loss: new page.charts.LossChart($('#chart-loss')),
      params: new page.charts.ParamChart($('#chart-params')),
    };
    const inspector = new page.Inspector($('#inspector'));
    const readouts = new page.Readouts($('#readouts'));
    const featureSelect = $('[data-control="feature"]');
    const logScale = $('[data-control="log-scale"]');
    const status = $('#status');
    let feature = null;
    let shown = { dataVersion: -1, feature: -1 };

    const player = new page.Player({
      step: () => session.step(),
      render,
      changed: () => {
        transport.setState({ canStep: session.canStep(), running: player.running });
        renderStatus();
      },
    });

    const presets = Object.fromEntries(api.presetNames().map((name) => [name, api.preset(name)]));
    const form = new page.SettingsForm($('#settings'), presets, {
      check: (config) => api.check(config),
      live: (key, value) => {
        session.setLive(key, value);
        render();
      },
      pending: (keys) => document.body.classList.toggle('has-pending', keys.length > 0),
      apply: () => restart(),
      discard: () => {},
    });

    const transport = new page.Transport($('#transport'), {
      step: () => {
        player.pause();
        session.step();
        render();
      },
      epoch: () => {
        player.pause();
        const from = session.state.globalStep;
        player.forward(() => session.state.globalStep > from && session.state.batchInEpoch === 0);
      },
      run: () => (player.running ? player.pause() : player.run()),
      reset: () => restart(),
      newData: () => restart(Math.floor(Math.random() * 2 ** 31)),
      speed: (s) => player.setSpeed(s),
    });
    player.setSpeed(transport.stepsPerSecond);

    // Reset: the same run again, with any held settings applied; a seed: new data too.
    function restart(seed) {
      player.pause();
      const next = form.nextConfig();
      if (seed !== undefined) next.seed = seed;
      try {
        if (form.pendingKeys().length > 0) session.start(next);
        else if (seed !== undefined) session.reset(seed);
        else session.reset();
      } catch (e) {
        form.showApplyError(`Could not start that run: ${e.message}`);
        return;
      }
      form.setRunConfig(session.config);
      render();
    }

    featureSelect.addEventListener('change', () => {
      feature = Number(featureSelect.value);
      render();
    });
    logScale.addEventListener('change', () => charts.loss.setLog(logScale.checked));

    function syncFeatures() {
      const d = session.data.d;
      if (featureSelect.options.length !== d) {
        const f = page.format;
        featureSelect.replaceChildren(
          ...Array.from({ length: d }, (_, j) => new Option(`x${f.sub(j + 1)} (feature ${j + 1})`, String(j))),
        );
      }
      if (feature === null || feature >= d) feature = Math.min(1, d - 1); // the book plots feature 2
      featureSelect.value = String(feature);
    }

    function render() {
      session.sync();
      syncFeatures();
      if (shown.dataVersion !== session.dataVersion || shown.feature !== feature) {
        const p = session.points(feature);
        charts.data.setPoints(p.x, p.y, `x${page.format.sub(feature + 1)} (feature ${feature + 1})`);
        $('#data-note').textContent = p.shown < p.total
          ? `Showing ${page.format.int(p.shown)} of ${page.format.int(p.total)} training examples.`
          : `All ${page.format.int(p.total)} training examples.`;
        shown = { dataVersion: session.dataVersion, feature };
      }
      charts.data.update(session.dataView(feature));
      charts.loss.update(session.lossView());
      charts.params.update(session.paramView());
      inspector.update(session.last, session.data, session.numBatches);
      readouts.update(session.state, session.config, session.epochs);
      transport.setState({ canStep: session.canStep(), running: player.running });
      renderStatus();
    }

    function renderStatus() {
      const s = session.state;
      const c = session.config;
      const f = page.format;
      let text;
      let kind = 'info';
      if (s.diverged) {
        kind = 'error';
        text = `Training diverged at step ${f.int(s.divergedStep)}: the loss is no longer a finite number, so ` +
          `training stopped. Try a smaller learning rate than ${f.plain(c.lr)} (say ${f.plain(c.lr / 10)}), then press Reset.`;
      } else if (s.finished) {
        kind = 'done';
        text = `Finished: ${f.int(c.max_epochs)} epoch${c.max_epochs === 1 ? '' : 's'}, ${f.int(s.globalStep)} steps. ` +
          'Raise Epochs to train on, or press Reset to watch it again.';
      } else if (s.globalStep === 0) {
        text = 'Ready. Step takes one minibatch; Epoch runs to the end of the epoch; Run animates.';
      } else {
        text = player.running ? 'Running\u2026' : 'Paused.';
      }
      if (status.dataset.kind !== kind) {
        status.dataset.kind = kind;
        status.className = `status status-${kind}`;
        status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      }
      if (status.textContent !== text) status.textContent = text;
    }

    form.setRunConfig(session.config);
    render();
    document.body.classList.add('is-ready');
  }

  main().catch((e) => fatal(`The page failed to start: ${e.message}`));
})((window.LinRegPage = window.LinRegPage || {}));
