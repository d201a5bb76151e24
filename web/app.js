// The page's entry: loads the module and wires the parts together (session, player, controls,
// charts, inspector, readouts). Everything else lives in those parts.
(function (page) {
  'use strict';

  const $ = (selector) => document.querySelector(selector);

  function fatal(message) {
    new page.StatusLine($('#status')).error(message);
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
      data: new page.charts.DataChart($('#chart-data'), $('#data-note')),
      loss: new page.charts.LossChart($('#chart-loss')),
      params: new page.charts.ParamChart($('#chart-params'), $('#params-note')),
    };
    const inspector = new page.Inspector($('#inspector'));
    const readouts = new page.Readouts($('#readouts'));
    const status = new page.StatusLine($('#status'));
    const features = new page.FeaturePicker($('[data-control="feature"]'), () => render());
    const logScale = $('[data-control="log-scale"]');
    let shown = { dataVersion: -1, feature: -1 };

    const player = new page.Player({
      step: () => session.step(),
      render,
      changed: () => {
        transport.setState({ canStep: session.canStep(), running: player.running });
        status.show(session.state, session.config, player.running);
      },
    });

    const presets = Object.fromEntries(api.presetNames().map((name) => [name, api.preset(name)]));
    const form = new page.SettingsForm($('#settings'), presets, {
      check: (config) => api.check(config),
      live: (key, value) => {
        session.setLive(key, value);
        render();
      },
      apply: () => restart(),
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
        // The current run stays; say why by the settings and in the status line.
        const message = `Could not start that run: ${e.message}`;
        form.showApplyError(message);
        status.error(message);
        return;
      }
      form.setRunConfig(session.config);
      render();
    }

    logScale.addEventListener('change', () => charts.loss.setLog(logScale.checked));

    function render() {
      session.sync();
      const feature = features.sync(session.data.d);
      if (shown.dataVersion !== session.dataVersion || shown.feature !== feature) {
        const p = session.points(feature);
        charts.data.setPoints(p.x, p.y, `x${page.format.sub(feature + 1)} (feature ${feature + 1})`, p.total);
        shown = { dataVersion: session.dataVersion, feature };
      }
      charts.data.update(session.dataView(feature));
      charts.loss.update(session.lossView());
      charts.params.update(session.paramView());
      inspector.update(session.last, session.data, session.numBatches);
      readouts.update(session.state, session.config, session.epochs);
      transport.setState({ canStep: session.canStep(), running: player.running });
      status.show(session.state, session.config, player.running);
    }

    form.setRunConfig(session.config);
    render();
    document.body.classList.add('is-ready');
  }

  main().catch((e) => fatal(`The page failed to start: ${e.message}`));
})((window.LinRegPage = window.LinRegPage || {}));
