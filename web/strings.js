// Every piece of text the page shows, in one table per language: English ('en') and Simplified
// Chinese ('zh'). The language is the URL's `lang` flag (#lang=zh), else the browser's first
// preferred language that is one of these, else English.
//
//   page.i18n.t('key', { n: 3 })   the text of `key` with {n} filled in (English when a language
//                                   lacks the key; the key itself when English lacks it too)
//   page.i18n.apply(root)          fills elements marked in the HTML:
//                                   data-i18n="key"                 textContent
//                                   data-i18n-attr="title:key;aria-label:key2"   attributes
//
// Text is only ever inserted with textContent or setAttribute, never as HTML. Numbers are
// formatted by web/format.js before they are filled in. A value may be a function of the
// variables (for plurals).
//
// Every part of the page keeps its keys here (one table per language, keys prefixed by the part),
// in both languages.
(function (page) {
  'use strict';

  const STRINGS = {
    en: {
      // ---- Shared
      'dialog.close': 'Close',
      'chart.data.title': 'Data and fit',
      'chart.loss.title': 'Loss',
      'chart.params.title': 'Parameters',

      // ---- Data, save and share (index.html #tools, web/app.js)
      'tools.title': 'Data, save and share',
      'tools.data': 'Your data\u2026',
      'tools.save': 'Save',
      'tools.saveTitle': 'Save the whole session as a JSON file, to open it again later exactly where it is',
      'tools.open': 'Open\u2026',
      'tools.openTitle': 'Open a saved session (JSON file)',
      'tools.downloads': 'Downloads\u2026',
      'tools.link': 'Copy link',
      'tools.embed': 'Embed\u2026',
      'tools.sourceSynthetic': "Data: the book's synthetic data (set by the settings below).",
      'tools.sourceUser': 'Data: your own, \u201c{name}\u201d ({rows} rows). It stays in this browser.',

      // ---- Links (web/urlstate.js)
      'url.noticeTitle': 'This link has values the page could not use:',
      'url.dismiss': 'Dismiss',
      'url.unknownKey': "'{key}' is not a setting of this page; it was ignored.",
      'url.badSetting': "'{key}={value}' was not used: {error}. It keeps its default, {fallback}.",
      'url.badParam': "'{key}={value}' was not used: {rule}.",
      'url.cannotStart': 'The run of this link could not start ({error}); the book\u2019s run is shown instead.',
      'url.rule.bool': 'it must be 1 or 0 (true or false)',
      'url.rule.oneOf': 'it must be one of {values}',
      'url.rule.names': "{bad} is not one of {known}",
      'url.rule.goal': 'a goal is written metric<value with a value > 0, the metric one of {metrics} (e.g. val_loss<0.001)',
      'url.rule.origin': "'{origin}' is not an origin such as https://course.example.org",
      'url.rule.feature': 'it must be a feature number from 1',

      // ---- Embedding (web/embed.js, web/share.js)
      'embed.locked': 'locked',
      'embed.credit': 'Minibatch SGD from scratch, after Dive into Deep Learning, \u00a73.4.',
      'embed.fullPage': 'Open the full page',
      'embed.cannotStep': 'the run cannot take another step (it is finished or diverged): reset it or raise max_epochs',
      'embed.configObject': 'setConfig needs a config object, e.g. {"lr": 0.1}',
      'embed.unknownCommand': "unknown command '{command}'; the commands are {commands}",
      'goal.metric.val_loss': 'validation loss',
      'goal.metric.train_loss': 'training loss',
      'goal.metric.loss': 'minibatch loss',
      'goal.pending': 'Goal: reach a {metric} below {threshold}.',
      'goal.reached': 'Goal reached: {metric} {value} < {threshold} at step {step} (epoch {epoch}).',
      'share.copied': 'Link copied. It opens this page with these settings (your own data is never in a link).',
      'share.copyFailed': 'Could not copy; the link is: {url}',
      'share.embedTitle': 'Embed in a course page',
      'share.embedLede': 'Copy this <iframe> into your page. It opens with the current settings; choose what students see.',
      'share.hideLegend': 'Hide',
      'share.lockLegend': 'Settings',
      'share.lockAll': 'Lock every setting (students can step and run, not change settings)',
      'share.goalLegend': 'Goal',
      'share.goalMetric': 'Reach a',
      'share.goalBelow': 'below',
      'share.goalNone': 'no goal',
      'share.goalError': 'The goal needs a number > 0.',
      'share.origins': 'Your page\u2019s origin (for postMessage commands)',
      'share.originsHelp': 'Only pages at these origins (comma-separated, e.g. https://course.example.org) can drive the tool; events go to them.',
      'share.height': 'Height in pixels',
      'share.snippet': 'The snippet',
      'share.copySnippet': 'Copy the snippet',
      'share.preview': 'Open it in a new tab',
      'share.snippetCopied': 'Snippet copied.',
      'share.snippetCopyFailed': 'Could not copy: the snippet is selected, copy it with Ctrl+C.',
      'share.iframeTitle': 'Linear regression from scratch: minibatch SGD step by step',
      'part.controls': 'Training controls',
      'part.speed': 'Speed',
      'part.settings': 'Settings',
      'part.tools': 'Data, save and share',
      'part.plot-data': 'Data plot',
      'part.plot-loss': 'Loss plot',
      'part.plot-params': 'Parameter plot',
      'part.estimates': 'Estimates',
      'part.inspector': 'Step inspector',
      'part.text': 'Explanations',

      // ---- Saving and opening (web/exporter.js)
      'export.title': 'Downloads',
      'export.history': 'History (CSV)',
      'export.historyHelp': 'One row per step: the minibatch loss, the parameters, and each epoch\u2019s training and validation loss.',
      'export.run': 'Step log (JSON)',
      'export.runHelp': 'The run from step 1 in the command-line program\u2019s --export-run format, to replay in NumPy.',
      'export.data': 'Data (CSV)',
      'export.dataHelp': 'Every example, training rows first, the label last.',
      'export.session': 'Session (JSON)',
      'export.sessionHelp': 'Everything needed to open this run again exactly where it is.',
      'export.plot': '{name} (PNG)',
      'export.plotHelp': 'The plot as it is drawn now.',
      'export.plotEmpty': 'That plot has nothing to draw yet.',
      'export.sessionSaved': 'Session saved as linreg-session.json.',
      'export.historySaved': 'History saved as linreg-history.csv.',
      'export.runSaved': 'Step log saved as linreg-run.json.',
      'export.dataSaved': 'Data saved as linreg-data.csv.',
      'export.plotSaved': '{name} saved as a PNG.',
      'export.opened': 'Opened \u201c{name}\u201d: the run is back at step {step}, checked number for number.',
      'export.openFailed': 'Could not open \u201c{name}\u201d: {error}',
      'export.tooLarge': 'the file is larger than 256 MiB',

      // ---- Your own data (web/userdata.js)
      'data.title': 'Your own data',
      'data.lede': 'Train the same model on your own examples: one row per example, the features first and the label in the last column.',
      'data.privacy': 'Your data stays in this browser: the page reads it with its own WebAssembly code and never sends it anywhere.',
      'data.upload': 'Upload a CSV file',
      'data.paste': 'or paste it here',
      'data.rules': 'Commas, tabs or semicolons between cells; an optional header row; numbers like 1.5 or -2e-3. At most {bytes} of text, {rows} rows and {features} features.',
      'data.numVal': 'Validation rows',
      'data.numValHelp': 'The last rows held out for the validation loss (0: none).',
      'data.numValError': 'Validation rows must be a whole number from 0 to {max}.',
      'data.empty': 'Paste rows or choose a file.',
      'data.summary': '{rows} rows {header}: {d} feature(s) ({features}) and the label \u201c{label}\u201d; {train} for training, {val} for validation.',
      'data.withHeader': 'with a header',
      'data.withoutHeader': 'without a header',
      'data.previewLabel': 'The first rows read',
      'data.previewCaption': 'The first {shown} of {rows} rows, as read',
      'data.fileTooLarge': '\u201c{name}\u201d is {size} bytes; the limit is {limit} bytes.',
      'data.apply': 'Train on this data',
      'data.back': "Back to the book's synthetic data",
      'data.pastedName': 'pasted data',

      // ---- Narration and table views (web/a11y.js)
      'narrate.step': 'step {batch} of epoch {epoch}: loss {loss}, w = {w}, b = {b}',
      'narrate.moreWeights': '[{shown}, and {more} more]',
      'narrate.epoch': 'Epoch {epoch} done: training loss {train}.',
      'narrate.epochVal': 'Epoch {epoch} done: training loss {train}, validation loss {val}.',
      'narrate.reset': 'New run: step 0.',
      'table.show': 'Show the numbers as a table',
      'table.dataLabel': 'The data plot as a table',
      'table.lossLabel': 'The loss plot as a table',
      'table.paramsLabel': 'The parameter plot as a table',
      'table.lines': 'Fitted line: y = {fit}. Reference line: y = {truth}.',
      'table.batchCaption': 'The last minibatch: {shown} of its {total} examples (the large dots)',
      'table.noStep': 'No minibatch yet.',
      'table.row': 'row',
      'table.epochCaption': 'Loss after each epoch',
      'table.epoch': 'epoch',
      'table.trainLoss': 'training loss',
      'table.valLoss': 'validation loss',
      'table.noEpoch': 'No epoch completed yet.',
      'table.smoothCaption': "The book's smoothed points (mean of half an epoch of minibatch losses)",
      'table.stepsCaption': 'Minibatch loss: {shown} evenly spaced of {total} steps',
      'table.epochX': 'epoch (x)',
      'table.loss': 'loss',
      'table.floor': 'Noise floor noise\u00b2/2: {floor}.',
      'table.step': 'step',
      'table.paramsCaption': 'Parameters after {shown} evenly spaced of {total} recorded steps, then the reference',
      'table.true': 'true',
      'table.leastSquares': 'least squares',

      // ---- Beyond the book: exercises, loss landscape, closed form, lr limit and sweep, the code in step
      //      (web/exercises.js, landscape.js, closedform.js, sweep.js, codepanel.js), the loss plot's modes
      'loss.squared': 'squared',
      'loss.absolute': 'absolute',
      'loss.huber': 'Huber',

      // ---- Loss landscape
      'land.title': 'Loss landscape',
      'land.axis.x': 'x axis',
      'land.axis.y': 'y axis',
      'land.aria': 'Heat map with contour lines of the training loss over {x} and {y}, with the path of SGD, the start, the true and the least-squares parameters, and the two gradient arrows',
      'land.profile.title': 'The loss along b',
      'land.profile.aria': 'The training loss as b varies, the weights held at their current values',
      'land.profile.yLabel': 'loss',
      'land.profile.note': 'The weights at their current values. Orange: b now; dashed: the true b; dotted: the least-squares b.',
      'land.legend.path': 'the path of SGD (one point per step)',
      'land.legend.start': 'the start',
      'land.legend.current': 'now',
      'land.legend.truth': 'the true parameters',
      'land.legend.ls': 'least squares (the lowest training loss)',
      'land.legend.minibatch': '\u2212lr \u00d7 the minibatch gradient: the step taken',
      'land.legend.full': '\u2212lr \u00d7 the full-batch gradient: the step gradient descent would take',
      'land.note.surface': 'The training loss over {x} and {y} (darker is lower; contours at log-spaced levels).',
      'land.note.holdsB': 'Every other parameter, b included, is held at its current value, so the surface moves as they change.',
      'land.note.holdsOthers': 'The other weights are held at their current values.',
      'land.note.quadratic': 'The squared loss is a quadratic in (w, b): the whole surface comes from the data\u2019s second moments, one pass over the data.',
      'land.note.direct': 'The {loss} loss is not quadratic: it is evaluated at every grid point over {n} examples.',
      'land.note.arrows': 'Arrows at the point where step {step} started: the minibatch\u2019s gradient (the step SGD took) and the whole training set\u2019s. They differ by the minibatch\u2019s noise.',
      'land.note.arrowsPending': 'Arrows at the current point, for step {step} in progress: the minibatch\u2019s gradient (the step SGD is about to take) and the whole training set\u2019s.',
      'land.note.scaled': 'Both drawn {s} times longer so that they show.',
      'land.note.noArrows': 'The gradient arrows appear after the first step (or after the gradient phase).',

      // ---- Closed form
      'cf.title': 'Closed form: least squares',
      'cf.intro': 'Linear regression has an exact answer: the (w, b) with the lowest squared loss on the training set, solved here in one go (a QR factorization of [X 1], never an inverse). SGD approaches it step by step.',
      'cf.col.param': 'parameter',
      'cf.col.sgd': 'SGD now',
      'cf.col.ls': 'least squares',
      'cf.col.truth': 'true',
      'cf.more': '\u2026 and {n} more weights',
      'cf.none': 'The least-squares solution is not unique here (fewer training examples than d + 1, or a feature that repeats another).',
      'cf.skipped': 'The least-squares solution is not computed for data this large (num_train \u00d7 (d + 1)\u00b2 above 250,000,000): it would hold up the page.',
      'cf.losses.squared': 'Training loss: SGD now {sgd}; least squares {ls}, the lowest possible (the dotted line in the loss plot). Distance \u2016\u03b8 \u2212 \u03b8_ls\u2016 = {dist}.',
      'cf.losses.other': 'Training loss ({loss}): SGD now {sgd}; at the least-squares parameters {ls} (the dotted line in the loss plot; least squares minimizes the squared loss, not this one). Distance \u2016\u03b8 \u2212 \u03b8_ls\u2016 = {dist}.',
      'cf.distance.title': 'Distance to the least-squares parameters',
      'cf.distance.aria': 'The distance between SGD\u2019s parameters and the least-squares parameters after every step, on a log scale',
      'cf.distance.x': 'step',
      'cf.distance.note': 'Over all weights and b, log scale. It stops shrinking where the minibatch noise balances the pull of the gradient.',
      'plot.lsLabel': 'least squares',

      // ---- Learning-rate limit (under the lr field)
      'lr.below': 'Stable up to 2/\u03bb_max = {limit} (\u03bb_max = {lambda}, the largest eigenvalue of the second-moment matrix of [X 1]): full-batch gradient descent diverges above it.',
      'lr.above': 'lr = {lr} is above the limit 2/\u03bb_max = {limit} (\u03bb_max = {lambda}): every step overshoots, so expect the loss to grow and training to diverge.',
      'lr.otherLoss': 'The limit is the squared loss\u2019s; the {loss} loss curves less, so it is only a guide.',
      'lr.unavailable': 'The learning-rate limit is {reason}.',
      'lr.growing': 'Diverging: the training loss went from {start} at the start to {now}.',
      'lr.overflow': 'a number too large for a double',

      // ---- Learning-rate sweep
      'sweep.title': 'Learning-rate sweep',
      'sweep.intro': 'The current run, from the same start on the same data in the same order, once for each learning rate, to the end; then its final training loss.',
      'sweep.lrs': 'Learning rates',
      'sweep.run': 'Run sweep',
      'sweep.aria': 'The final training loss against the learning rate, both on log scales, with diverged runs marked by crosses at the top and the learning-rate limit as a dashed line',
      'sweep.running': 'Running {n} runs\u2026',
      'sweep.x': 'learning rate (log scale)',
      'sweep.y': 'final training loss (log)',
      'sweep.limitLabel': '2/\u03bb_max',
      'sweep.startLabel': 'loss at the start',
      'sweep.done': '{n} runs; {bad} diverged (crosses at the top). Lowest final loss {loss} at lr = {best}; the limit 2/\u03bb_max = {limit} is the dashed line, the current lr the dotted one.',
      'sweep.empty': 'Press Run sweep.',

      // ---- The code in step
      'code.title': 'The code in step',
      'code.phase': 'Phase',
      'code.phase.title': 'Run the next phase of the step: forward, loss, gradient, update (shortcut: P)',
      'code.phaseNext': 'Phase: {next}',
      'code.aria': 'The training loop, the line just executed highlighted, with the values of its variables',
      'code.note': 'The book\u2019s Trainer.fit_epoch in a few lines. Phase (P) runs one phase of the step at a time; Step runs the rest of the step. The numbers are the run\u2019s own.',
      'code.phase.forward': 'forward',
      'code.phase.loss': 'loss',
      'code.phase.gradient': 'gradient',
      'code.phase.update': 'update',
      'code.val.epoch': 'epoch {e} of {max}',
      'code.val.batch': 'minibatch {k} of {n}: {m} rows',
      'code.val.clipped': '\u2016g\u2016 = {norm} > {c}: scaled down to {c}',
      'code.val.notClipped': '\u2016g\u2016 = {norm} \u2264 {c}: unchanged',
      'code.val.clipOff': '\u2016g\u2016 = {norm} (clipping off)',
      'code.val.val': 'val_loss = {loss}',
      'code.val.noVal': 'no validation set: the loss on the training set',
      'code.status.start': 'No step yet. Phase runs the first phase, forward; Step runs a whole step.',
      'code.status.pending': 'Step {step} in progress: {done} done, {next} next.',
      'code.status.done': 'Step {step} done. The next Phase starts step {next} with forward.',

      // ---- The book's loss plot
      'plot.mode': 'Points',
      'plot.mode.both': 'both',
      'plot.mode.raw': 'every step',
      'plot.mode.book': 'the book\u2019s',
      'plot.note.both': 'The orange points are the ones the book plots: each is the mean of half an epoch of minibatch losses. Dashed: noise\u00b2/2, the loss of the true parameters on average.',
      'plot.note.raw': 'The minibatch loss of every step. Dashed: noise\u00b2/2, the loss of the true parameters on average.',
      'plot.note.book': 'Only what the book\u2019s ProgressBoard draws: a training point for every int(num_batches / 2) = {n} minibatch losses (their mean, at their mean x), and the validation loss once per epoch.',
      'plot.note.leftover': 'The last {k} minibatch losses wait for a full group of {n}: the book never plots a group that is not full.',
      'plot.note.single': 'With one minibatch per epoch the book plots no training loss at all: int(1 / 2) = 0, and a group of 0 points is never full. Choose \u201cevery step\u201d to see them.',

      // ---- Exercises
      'ex.title': 'Exercises of \u00a73.4, one click each',
      'ex.intro': 'Pick an exercise. First predict what will happen, then run it, then read what the run shows.',
      'ex.number': 'Ex. {n}',
      'ex.bookAsks': 'The book asks (exercise {n}):',
      'ex.setup': 'This run:',
      'ex.setup.book': 'the book\u2019s run',
      'ex.run': 'Run it',
      'ex.again': 'Predict again',
      'ex.predictFirst': 'Choose a prediction to run it.',
      'ex.running': 'Running\u2026',
      'ex.verdict.right': 'As you predicted.',
      'ex.verdict.other': 'Not what you predicted.',
      'ex.verdict.text': 'You chose \u201c{yours}\u201d; the run shows \u201c{seen}\u201d',

      'ex.zero-init.title': 'Start from zero',
      'ex.zero-init.book': 'What would happen if we initialized the weights to zero? Would the algorithm still work?',
      'ex.zero-init.setup': 'Every weight starts at 0 (b starts at 0 anyway).',
      'ex.zero-init.q': 'After the book\u2019s three epochs, the errors in w and b are\u2026',
      'ex.zero-init.o1': 'as small as with the book\u2019s random start',
      'ex.zero-init.o2': 'as large as at the start: with w = 0 the gradient is 0, so nothing moves',
      'ex.zero-init.o3': 'not numbers: training diverges',
      'ex.zero-init.explain': 'It works. At w = 0 the gradient is \u2212mean(y\u00b7x) and \u2212mean(y), not zero, so the first step already moves every weight toward the truth; a linear model has no symmetry to break, since each weight has its own feature, and its loss has a single minimum. Here the errors are {ew} for w and [{eb}] for b, the size of the book\u2019s.',

      'ex.var-1000.title': 'Variance 1000 at the start',
      'ex.var-1000.book': 'What if we initialized the parameters with variance 1,000 rather than 0.01?',
      'ex.var-1000.setup': 'sigma = \u221a1000 \u2248 31.6.',
      'ex.var-1000.q': 'With the weights starting some 30 units away, after three epochs\u2026',
      'ex.var-1000.o1': 'the errors are as small as in the book\u2019s run',
      'ex.var-1000.o2': 'training still heads for the truth, but errors of about a unit remain',
      'ex.var-1000.o3': 'the loss overflows and training diverges',
      'ex.var-1000.explain': 'Gradient descent heads for the same minimum from anywhere: the loss is a bowl, and lr = 0.03 is far below the limit 2/\u03bb_max = {limit}, so it cannot diverge. But each step removes only a few percent of the distance, and from weights of {w0} the 96 steps leave errors of {ew} (b: [{eb}]); more epochs would finish the job.',

      'ex.lr-sweep.title': 'Learning rates, swept',
      'ex.lr-sweep.book': 'Experiment using different learning rates to find out how quickly the loss function value drops.',
      'ex.lr-sweep.setup': 'The book\u2019s run, once per learning rate from 0.001 to 3.',
      'ex.lr-sweep.q': 'Which learning rate reaches the lowest training loss in the book\u2019s three epochs?',
      'ex.lr-sweep.o1': 'the book\u2019s 0.03',
      'ex.lr-sweep.o2': 'a larger one, up to about 1; beyond some rate the runs blow up',
      'ex.lr-sweep.o3': 'the smallest, 0.001: small steps are safest',
      'ex.lr-sweep.explain': 'Larger rates get further in the same 96 steps: from {start} at the start the loss falls to {best} at lr = {bestLr}, while lr = {small} only reaches {smallLoss}. Above the limit 2/\u03bb_max = {limit} (the dashed line) every step overshoots the minimum by more than it gains, and {bad} runs diverged. The limit comes from the curvature of the loss, which the data fixes.',

      'ex.epochs.title': 'More epochs',
      'ex.epochs.book': 'Can you reduce the error by increasing the number of epochs of training?',
      'ex.epochs.setup': 'Thirty epochs instead of three, the loss on a log scale.',
      'ex.epochs.q': 'With 30 epochs, the training loss\u2026',
      'ex.epochs.o1': 'keeps falling tenfold every few epochs, without end',
      'ex.epochs.o2': 'falls until it reaches noise\u00b2/2, then stays there',
      'ex.epochs.o3': 'stays where three epochs left it',
      'ex.epochs.explain': 'More epochs help only until the model is as good as the data allows: the loss levels off near noise\u00b2/2 = {floor}, the loss of the true parameters themselves (here it ends at {final}). Past that, the extra steps jiggle around the least-squares solution, now {dist} away, because every minibatch has its own noise.',

      'ex.batch-remainder.title': 'A batch size that does not divide',
      'ex.batch-remainder.book': 'If the number of examples cannot be divided by the batch size, what happens at the end of an epoch?',
      'ex.batch-remainder.setup': '100 training examples in minibatches of 30 (100 = 3 \u00d7 30 + 10).',
      'ex.batch-remainder.q': 'At the end of each epoch\u2026',
      'ex.batch-remainder.o1': 'the last 10 examples are skipped',
      'ex.batch-remainder.o2': 'a last, short minibatch of 10 examples is used',
      'ex.batch-remainder.o3': 'the last minibatch is filled up from the next epoch',
      'ex.batch-remainder.explain': 'Like the book\u2019s data loader, the trainer keeps the short batch: each epoch takes {nb} steps, the last of {last} examples (see the step inspector). The loss is a mean over the minibatch, so that step is not smaller, only noisier. With drop_last on, the {dropped} leftover examples sit out each epoch instead, different ones each time thanks to the reshuffling.',

      'ex.abs-loss.title': 'The absolute loss',
      'ex.abs-loss.book': 'Try a different loss function, such as the absolute value loss. Check what happens for regular data.',
      'ex.abs-loss.setup': 'The loss |y_hat \u2212 y| (its gradient at 0 taken as 0), twenty epochs.',
      'ex.abs-loss.q': 'Compared with the squared loss, on the same data\u2026',
      'ex.abs-loss.o1': 'it fits well too, but keeps jittering around the solution',
      'ex.abs-loss.o2': 'it cannot learn: its gradient is only \u00b11',
      'ex.abs-loss.o3': 'it diverges: its gradient never gets smaller',
      'ex.abs-loss.explain': 'It learns, but its gradient mean(sign(y_hat \u2212 y)\u00b7x) does not shrink as the fit improves, so with a constant lr the parameters keep stepping by about lr and end up jittering near the solution: errors {ew} and [{eb}], against {other} for the squared loss in the same twenty epochs. A learning rate that decays would settle it.',

      'ex.sq-outlier.title': 'One outlier, squared loss',
      'ex.sq-outlier.book': 'Check whether there is a difference in behavior if you actively perturb some entries of y, such as y\u2085 = 10,000.',
      'ex.sq-outlier.setup': 'Training label 5 is replaced by 10,000 (the others are within about \u00b115); the squared loss, twenty epochs.',
      'ex.sq-outlier.q': 'With one label of 10,000 among a thousand\u2026',
      'ex.sq-outlier.o1': 'hardly anything changes: it is one example in a thousand',
      'ex.sq-outlier.o2': 'the fit is ruined: that one example pulls w and b far off',
      'ex.sq-outlier.o3': 'training diverges',
      'ex.sq-outlier.explain': 'The squared loss pulls each example by its residual, and y\u2085\u2019s residual is about 10,000, so every minibatch that holds it moves b by about lr \u00d7 10,000 / 32 \u2248 9 in one step. Even the best fit is dragged away (the least-squares b is {bls} instead of 4.2), and SGD jumps around it: errors {ew} and [{eb}].',

      'ex.abs-outlier.title': 'One outlier, absolute loss',
      'ex.abs-outlier.book': 'The same outlier y\u2085 = 10,000, with the absolute value loss.',
      'ex.abs-outlier.setup': 'Training label 5 replaced by 10,000; the absolute loss, twenty epochs.',
      'ex.abs-outlier.q': 'With the absolute loss, the outlier\u2026',
      'ex.abs-outlier.o1': 'ruins the fit as it does with the squared loss',
      'ex.abs-outlier.o2': 'barely matters',
      'ex.abs-outlier.o3': 'stops training altogether',
      'ex.abs-outlier.explain': 'The absolute loss pulls every example with the same strength, the sign of its residual, whatever its size, so y\u2085 = 10,000 counts like any other example: errors {ew} and [{eb}], against {other} with the squared loss. It is why a median shrugs off outliers while a mean does not.',

      'ex.huber-outlier.title': 'One outlier, Huber\u2019s loss',
      'ex.huber-outlier.book': 'Can you think of a cheap solution combining the best of the squared and the absolute loss? Hint: avoid really large gradient values.',
      'ex.huber-outlier.setup': 'Huber\u2019s loss with delta = 1 (squared within 1, absolute beyond), the outlier y\u2085 = 10,000, twenty epochs.',
      'ex.huber-outlier.q': 'With Huber\u2019s loss\u2026',
      'ex.huber-outlier.o1': 'the outlier barely matters, and the fit settles closer than with the absolute loss',
      'ex.huber-outlier.o2': 'the outlier ruins the fit as with the squared loss',
      'ex.huber-outlier.o3': 'it behaves exactly like the absolute loss',
      'ex.huber-outlier.explain': 'Huber\u2019s gradient is the residual clipped to \u00b1delta: a huge residual pulls no harder than delta, and small ones pull in proportion, as with the squared loss. So it ignores y\u2085 as the absolute loss does, yet its steps shrink near the minimum: errors {ew} and [{eb}], against {other} for the absolute loss. Clipping the gradient is the same idea.',

      'ex.sorted.title': 'Sorted, never reshuffled',
      'ex.sorted.book': 'Why do we need to reshuffle the dataset? Can you design a case where a malicious dataset would break the optimization algorithm otherwise?',
      'ex.sorted.setup': 'The examples visited by increasing label, the same order every epoch; noisier labels (noise = 1) and lr = 0.1, five epochs.',
      'ex.sorted.q': 'Compared with reshuffling every epoch, the sorted order\u2026',
      'ex.sorted.o1': 'gives the same result: the same examples are seen',
      'ex.sorted.o2': 'ends further off: the parameters chase the last, largest labels',
      'ex.sorted.o3': 'does better: sorted data is easier',
      'ex.sorted.explain': 'Each minibatch now holds similar labels, so its gradient pulls toward a fit of that slice alone: b is dragged up as the labels grow through the epoch (see the saw-tooth in the minibatch loss), and every epoch ends biased toward the largest labels. Errors {ew} and [{eb}], against {other} with reshuffling, which makes every minibatch a fair sample of the whole set.',

      'ex.ohm.title': 'Ohm\u2019s law',
      'ex.ohm.book': 'Assume that you are Georg Simon Ohm trying to come up with a model for resistors that relate voltage and current. Can you learn the parameters of your model?',
      'ex.ohm.setup': 'Voltages U between 0 and 10 V, currents I = U / R plus noise, R = 10 \u03a9; the model I = w U + b.',
      'ex.ohm.q': 'Can the same code learn the resistance?',
      'ex.ohm.o1': 'yes: w approaches 1/R = 0.1 S and b approaches 0, so R = 1/w',
      'ex.ohm.o2': 'no: this model needs a different gradient',
      'ex.ohm.o3': 'only with a much larger learning rate, since currents are small',
      'ex.ohm.explain': 'Yes: I = U/R is a linear model with w = 1/R and b = 0, and nothing in the loop changes. After {epochs} epochs w = {w} S, so R \u2248 1/w = {R} \u03a9, and b = {b}. Mind the limit, though: voltages up to 10 V make \u03bb_max = {lambda}, so 2/\u03bb_max = {limit}, and the book\u2019s 0.03 is already close to it (try 0.07 and watch it diverge).',

      // ---- Settings for the exercises
      'set.loss': 'Loss',
      'set.loss.help': 'squared (the book\u2019s), absolute, or Huber\u2019s (squared within huber_delta, absolute beyond).',
      'set.huber_delta': 'Huber delta',
      'set.huber_delta.help': 'Where Huber\u2019s loss turns from squared to absolute.',
      'set.order': 'Order',
      'set.order.help': 'shuffle: a new order every epoch (the book\u2019s); generated: as drawn; sorted: by label, every epoch (adversarial).',
      'set.drop_last': 'Drop the short last batch',
      'set.drop_last.help': 'Skip the minibatch left over when batch_size does not divide num_train.',
      'set.outlier': 'Outlier',
      'set.outlier.help': 'Replace one training label: \u201crow, value\u201d, e.g. 5, 10000 (the book\u2019s y\u2085); empty for none.',
      'set.dataset': 'Data set',
      'set.dataset.help': 'synthetic (the book\u2019s) or ohm: currents against voltages from 0 to 10 V (true w = 1/R, b = 0; w and b above do not apply).',
      'set.resistance': 'Resistance (\u03a9)',
      'set.resistance.help': 'R of the ohm data set.',
    },
    zh: {
      'dialog.close': '关闭',
      'chart.data.title': '数据与拟合',
      'chart.loss.title': '损失',
      'chart.params.title': '参数',

      'tools.title': '数据、保存与分享',
      'tools.data': '我的数据\u2026',
      'tools.save': '保存',
      'tools.saveTitle': '把整个会话保存为 JSON 文件，以后可在同一位置原样打开',
      'tools.open': '打开\u2026',
      'tools.openTitle': '打开已保存的会话（JSON 文件）',
      'tools.downloads': '下载\u2026',
      'tools.link': '复制链接',
      'tools.embed': '嵌入\u2026',
      'tools.sourceSynthetic': '数据：书中的合成数据（由下面的设置生成）。',
      'tools.sourceUser': '数据：你自己的“{name}”（{rows} 行），只保存在本浏览器中。',

      'url.noticeTitle': '此链接中有页面无法使用的值：',
      'url.dismiss': '关闭提示',
      'url.unknownKey': '“{key}”不是本页面的设置，已忽略。',
      'url.badSetting': '未使用“{key}={value}”：{error}。该项保持默认值 {fallback}。',
      'url.badParam': '未使用“{key}={value}”：{rule}。',
      'url.cannotStart': '无法按此链接开始训练（{error}），改为显示书中的例子。',
      'url.rule.bool': '必须是 1 或 0（true 或 false）',
      'url.rule.oneOf': '必须是 {values} 之一',
      'url.rule.names': '{bad} 不在 {known} 之中',
      'url.rule.goal': '目标写作 指标<数值，数值 > 0，指标为 {metrics} 之一（例如 val_loss<0.001）',
      'url.rule.origin': '“{origin}”不是形如 https://course.example.org 的源',
      'url.rule.feature': '必须是从 1 开始的特征编号',

      'embed.locked': '已锁定',
      'embed.credit': '从零实现的小批量随机梯度下降，依据《动手学深度学习》3.4 节。',
      'embed.fullPage': '打开完整页面',
      'embed.cannotStep': '训练无法再前进一步（已结束或已发散）：请重置，或增大 max_epochs',
      'embed.configObject': 'setConfig 需要一个配置对象，例如 {"lr": 0.1}',
      'embed.unknownCommand': '未知命令“{command}”；可用的命令为 {commands}',
      'goal.metric.val_loss': '验证损失',
      'goal.metric.train_loss': '训练损失',
      'goal.metric.loss': '小批量损失',
      'goal.pending': '目标：使{metric}低于 {threshold}。',
      'goal.reached': '已达成目标：第 {step} 步（第 {epoch} 个迭代周期）时{metric}为 {value} < {threshold}。',
      'share.copied': '链接已复制。它会以当前设置打开本页面（链接中不包含你自己的数据）。',
      'share.copyFailed': '无法复制；链接为：{url}',
      'share.embedTitle': '嵌入课程页面',
      'share.embedLede': '把这段 <iframe> 复制到你的页面中。它以当前设置打开；你可以选择学生能看到哪些部分。',
      'share.hideLegend': '隐藏',
      'share.lockLegend': '设置',
      'share.lockAll': '锁定全部设置（学生可以单步和运行，但不能修改设置）',
      'share.goalLegend': '目标',
      'share.goalMetric': '使',
      'share.goalBelow': '低于',
      'share.goalNone': '不设目标',
      'share.goalError': '目标需要一个大于 0 的数。',
      'share.origins': '你的页面的源（用于 postMessage 命令）',
      'share.originsHelp': '只有这些源上的页面（用逗号分隔，例如 https://course.example.org）可以控制本工具；事件也只发给它们。',
      'share.height': '高度（像素）',
      'share.snippet': '代码片段',
      'share.copySnippet': '复制代码片段',
      'share.preview': '在新标签页中打开',
      'share.snippetCopied': '代码片段已复制。',
      'share.snippetCopyFailed': '无法复制：代码片段已选中，请按 Ctrl+C 复制。',
      'share.iframeTitle': '线性回归的从零开始实现：逐步查看小批量随机梯度下降',
      'part.controls': '训练控制',
      'part.speed': '速度',
      'part.settings': '设置',
      'part.tools': '数据、保存与分享',
      'part.plot-data': '数据图',
      'part.plot-loss': '损失图',
      'part.plot-params': '参数图',
      'part.estimates': '估计值',
      'part.inspector': '单步检查器',
      'part.text': '说明文字',

      'export.title': '下载',
      'export.history': '历史记录（CSV）',
      'export.historyHelp': '每步一行：小批量损失、参数，以及每个迭代周期的训练损失和验证损失。',
      'export.run': '步骤日志（JSON）',
      'export.runHelp': '从第 1 步开始的整个训练过程，格式与命令行程序的 --export-run 相同，可在 NumPy 中重放。',
      'export.data': '数据（CSV）',
      'export.dataHelp': '所有样本，训练样本在前，标签在最后一列。',
      'export.session': '会话（JSON）',
      'export.sessionHelp': '在当前位置原样重新打开这次训练所需的全部内容。',
      'export.plot': '{name}（PNG）',
      'export.plotHelp': '当前显示的图。',
      'export.plotEmpty': '这张图还没有内容。',
      'export.sessionSaved': '会话已保存为 linreg-session.json。',
      'export.historySaved': '历史记录已保存为 linreg-history.csv。',
      'export.runSaved': '步骤日志已保存为 linreg-run.json。',
      'export.dataSaved': '数据已保存为 linreg-data.csv。',
      'export.plotSaved': '{name}已保存为 PNG。',
      'export.opened': '已打开“{name}”：训练回到第 {step} 步，每个数都已核对。',
      'export.openFailed': '无法打开“{name}”：{error}',
      'export.tooLarge': '文件大于 256 MiB',

      'data.title': '使用自己的数据',
      'data.lede': '用你自己的样本训练同一个模型：每个样本一行，前面是特征，最后一列是标签。',
      'data.privacy': '你的数据只留在本浏览器中：页面用自身的 WebAssembly 代码读取它，不会发送到任何地方。',
      'data.upload': '上传 CSV 文件',
      'data.paste': '或粘贴到这里',
      'data.rules': '单元格之间用逗号、制表符或分号分隔；可以有一行表头；数字形如 1.5 或 -2e-3。文本最多 {bytes}，最多 {rows} 行、{features} 个特征。',
      'data.numVal': '验证集行数',
      'data.numValHelp': '留作验证损失的最后若干行（0 表示不留）。',
      'data.numValError': '验证集行数必须是 0 到 {max} 之间的整数。',
      'data.empty': '请粘贴数据或选择文件。',
      'data.summary': '共 {rows} 行（{header}）：{d} 个特征（{features}），标签为“{label}”；{train} 行用于训练，{val} 行用于验证。',
      'data.withHeader': '有表头',
      'data.withoutHeader': '无表头',
      'data.previewLabel': '读取到的前几行',
      'data.previewCaption': '读取到的 {rows} 行中的前 {shown} 行',
      'data.fileTooLarge': '“{name}”有 {size} 字节，上限为 {limit} 字节。',
      'data.apply': '用这些数据训练',
      'data.back': '回到书中的合成数据',
      'data.pastedName': '粘贴的数据',

      'narrate.step': '第 {epoch} 个迭代周期的第 {batch} 步：损失 {loss}，w = {w}，b = {b}',
      'narrate.moreWeights': '[{shown}，另有 {more} 个]',
      'narrate.epoch': '第 {epoch} 个迭代周期结束：训练损失 {train}。',
      'narrate.epochVal': '第 {epoch} 个迭代周期结束：训练损失 {train}，验证损失 {val}。',
      'narrate.reset': '新的训练：第 0 步。',
      'table.show': '以表格显示这些数',
      'table.dataLabel': '数据图的表格',
      'table.lossLabel': '损失图的表格',
      'table.paramsLabel': '参数图的表格',
      'table.lines': '拟合直线：y = {fit}。参考直线：y = {truth}。',
      'table.batchCaption': '上一个小批量：其 {total} 个样本中的 {shown} 个（图中的大点）',
      'table.noStep': '还没有小批量。',
      'table.row': '行',
      'table.epochCaption': '每个迭代周期后的损失',
      'table.epoch': '迭代周期',
      'table.trainLoss': '训练损失',
      'table.valLoss': '验证损失',
      'table.noEpoch': '还没有完成任何迭代周期。',
      'table.smoothCaption': '书中的平滑点（每半个迭代周期小批量损失的平均值）',
      'table.stepsCaption': '小批量损失：{total} 步中均匀选取的 {shown} 步',
      'table.epochX': '迭代周期（横轴）',
      'table.loss': '损失',
      'table.floor': '噪声下限 noise\u00b2/2：{floor}。',
      'table.step': '步',
      'table.paramsCaption': '{total} 个记录步中均匀选取的 {shown} 步之后的参数，最后一行为参考值',
      'table.true': '真实值',
      'table.leastSquares': '最小二乘解',

      // ---- Beyond the book (web/exercises.js, landscape.js, closedform.js, sweep.js, codepanel.js)
      'loss.squared': '平方',
      'loss.absolute': '绝对值',
      'loss.huber': 'Huber',

      'land.title': '损失曲面',
      'land.axis.x': 'x 轴',
      'land.axis.y': 'y 轴',
      'land.aria': '训练损失关于 {x} 和 {y} 的热图与等高线，带有 SGD 的路径、起点、真实参数、最小二乘参数和两个梯度箭头',
      'land.profile.title': '沿 b 的损失',
      'land.profile.aria': 'b 变化时的训练损失，权重保持当前值',
      'land.profile.yLabel': '损失',
      'land.profile.note': '权重保持当前值。橙色：当前的 b；虚线：真实的 b；点线：最小二乘的 b。',
      'land.legend.path': 'SGD 的路径（每步一个点）',
      'land.legend.start': '起点',
      'land.legend.current': '当前',
      'land.legend.truth': '真实参数',
      'land.legend.ls': '最小二乘（训练损失最低）',
      'land.legend.minibatch': '\u2212lr \u00d7 小批量梯度：实际走的一步',
      'land.legend.full': '\u2212lr \u00d7 全批量梯度：梯度下降会走的一步',
      'land.note.surface': '训练损失关于 {x} 和 {y} 的曲面（颜色越深越低；等高线按对数间隔）。',
      'land.note.holdsB': '其余参数（包括 b）保持当前值，所以它们变化时曲面也随之移动。',
      'land.note.holdsOthers': '其余权重保持当前值。',
      'land.note.quadratic': '平方损失是 (w, b) 的二次函数：整个曲面由数据的二阶矩算出，只需遍历一次数据。',
      'land.note.direct': '{loss}损失不是二次的：在每个网格点上用 {n} 个样本直接计算。',
      'land.note.arrows': '箭头画在第 {step} 步开始的位置：小批量的梯度（SGD 实际走的一步）和整个训练集的梯度。两者之差就是小批量的噪声。',
      'land.note.arrowsPending': '箭头画在当前位置，对应进行中的第 {step} 步：小批量的梯度（SGD 即将走的一步）和整个训练集的梯度。',
      'land.note.scaled': '两者都放大了 {s} 倍，以便看清。',
      'land.note.noArrows': '梯度箭头在第一步之后（或梯度阶段之后）出现。',

      'cf.title': '闭式解：最小二乘',
      'cf.intro': '线性回归有精确解：使训练集上平方损失最低的 (w, b)，这里一次求出（对 [X 1] 做 QR 分解，从不求逆）。SGD 一步步逼近它。',
      'cf.col.param': '参数',
      'cf.col.sgd': 'SGD 当前值',
      'cf.col.ls': '最小二乘',
      'cf.col.truth': '真实值',
      'cf.more': '\u2026 以及另外 {n} 个权重',
      'cf.none': '这里最小二乘解不唯一（训练样本少于 d + 1，或某个特征重复了另一个）。',
      'cf.skipped': '数据这么大时不计算最小二乘解（num_train \u00d7 (d + 1)\u00b2 超过 250,000,000）：那会让页面卡住。',
      'cf.losses.squared': '训练损失：SGD 当前 {sgd}；最小二乘 {ls}，即可能的最低值（损失图中的点线）。距离 \u2016\u03b8 \u2212 \u03b8_ls\u2016 = {dist}。',
      'cf.losses.other': '训练损失（{loss}）：SGD 当前 {sgd}；在最小二乘参数处为 {ls}（损失图中的点线；最小二乘最小化的是平方损失，而不是这个损失）。距离 \u2016\u03b8 \u2212 \u03b8_ls\u2016 = {dist}。',
      'cf.distance.title': '到最小二乘参数的距离',
      'cf.distance.aria': '每一步后 SGD 的参数与最小二乘参数之间的距离，对数刻度',
      'cf.distance.x': '步数',
      'cf.distance.note': '包括所有权重和 b，对数刻度。当小批量噪声与梯度的拉力相抵时，它就不再缩小。',
      'plot.lsLabel': '最小二乘',

      'lr.below': '稳定上限为 2/\u03bb_max = {limit}（\u03bb_max = {lambda}，是 [X 1] 的二阶矩矩阵的最大特征值）：超过它，全批量梯度下降会发散。',
      'lr.above': 'lr = {lr} 超过了上限 2/\u03bb_max = {limit}（\u03bb_max = {lambda}）：每一步都会越过最低点，损失会增大，训练会发散。',
      'lr.otherLoss': '这个上限是对平方损失而言的；{loss}损失弯曲得更少，所以只作参考。',
      'lr.unavailable': '学习率上限{reason}。',
      'lr.growing': '正在发散：训练损失从起点的 {start} 增大到 {now}。',
      'lr.overflow': '一个大到双精度数无法表示的数',

      'sweep.title': '学习率扫描',
      'sweep.intro': '对每个学习率，从相同的起点、在相同的数据上、按相同的顺序把当前的训练跑完，然后看最终的训练损失。',
      'sweep.lrs': '学习率',
      'sweep.run': '开始扫描',
      'sweep.aria': '最终训练损失与学习率的关系，两轴均为对数刻度；发散的训练以顶部的叉号标出，学习率上限为虚线',
      'sweep.running': '正在运行 {n} 次训练\u2026',
      'sweep.x': '学习率（对数刻度）',
      'sweep.y': '最终训练损失（对数）',
      'sweep.limitLabel': '2/\u03bb_max',
      'sweep.startLabel': '起点处的损失',
      'sweep.done': '共 {n} 次训练；{bad} 次发散（顶部的叉号）。最低的最终损失为 {loss}，在 lr = {best}；上限 2/\u03bb_max = {limit} 为虚线，当前的 lr 为点线。',
      'sweep.empty': '点击\u201c开始扫描\u201d。',

      'code.title': '逐步执行的代码',
      'code.phase': '阶段',
      'code.phase.title': '执行这一步的下一个阶段：前向、损失、梯度、更新（快捷键：P）',
      'code.phaseNext': '阶段：{next}',
      'code.aria': '训练循环，刚执行的行高亮显示，旁边是其变量的值',
      'code.note': '书中的 Trainer.fit_epoch，寥寥几行。\u201c阶段\u201d（P）每次执行一步中的一个阶段；\u201c单步\u201d执行这一步余下的部分。数字都来自当前的训练。',
      'code.phase.forward': '前向',
      'code.phase.loss': '损失',
      'code.phase.gradient': '梯度',
      'code.phase.update': '更新',
      'code.val.epoch': '第 {e} 轮，共 {max} 轮',
      'code.val.batch': '第 {k} 个小批量，共 {n} 个：{m} 行',
      'code.val.clipped': '\u2016g\u2016 = {norm} > {c}：缩小到 {c}',
      'code.val.notClipped': '\u2016g\u2016 = {norm} \u2264 {c}：不变',
      'code.val.clipOff': '\u2016g\u2016 = {norm}（未启用裁剪）',
      'code.val.val': 'val_loss = {loss}',
      'code.val.noVal': '没有验证集：用训练集上的损失',
      'code.status.start': '还没有执行任何一步。\u201c阶段\u201d执行第一个阶段（前向）；\u201c单步\u201d执行完整的一步。',
      'code.status.pending': '第 {step} 步进行中：已完成{done}，下一个是{next}。',
      'code.status.done': '第 {step} 步已完成。下一次\u201c阶段\u201d从前向开始第 {next} 步。',

      'plot.mode': '点',
      'plot.mode.both': '两者',
      'plot.mode.raw': '每一步',
      'plot.mode.book': '书中的',
      'plot.note.both': '橙色的点就是书中画出的点：每个点是半轮小批量损失的平均值。虚线：noise\u00b2/2，即真实参数的平均损失。',
      'plot.note.raw': '每一步的小批量损失。虚线：noise\u00b2/2，即真实参数的平均损失。',
      'plot.note.book': '只显示书中 ProgressBoard 画出的内容：每 int(num_batches / 2) = {n} 个小批量损失画一个训练点（取它们的平均值，位于它们的平均 x 处），每轮画一次验证损失。',
      'plot.note.leftover': '最后 {k} 个小批量损失在等待凑满 {n} 个：书中从不画未凑满的一组。',
      'plot.note.single': '每轮只有一个小批量时，书中根本不画训练损失：int(1 / 2) = 0，而 0 个点的一组永远不会\u201c凑满\u201d。选择\u201c每一步\u201d即可看到它们。',

      'ex.title': '\u00a73.4 的练习，一键运行',
      'ex.intro': '选一个练习。先预测会发生什么，再运行，然后读一读这次训练说明了什么。',
      'ex.number': '练习 {n}',
      'ex.bookAsks': '书中的问题（练习 {n}）：',
      'ex.setup': '本次训练：',
      'ex.setup.book': '书中的训练',
      'ex.run': '运行',
      'ex.again': '重新预测',
      'ex.predictFirst': '先选择一个预测，才能运行。',
      'ex.running': '运行中\u2026',
      'ex.verdict.right': '与你的预测一致。',
      'ex.verdict.other': '与你的预测不同。',
      'ex.verdict.text': '你选择了\u201c{yours}\u201d；训练显示\u201c{seen}\u201d',

      'ex.zero-init.title': '从零开始',
      'ex.zero-init.book': '如果把权重初始化为零，会发生什么？算法仍然有效吗？',
      'ex.zero-init.setup': '所有权重从 0 开始（b 本来就从 0 开始）。',
      'ex.zero-init.q': '经过书中的三轮训练后，w 和 b 的误差\u2026',
      'ex.zero-init.o1': '与书中随机初始化时一样小',
      'ex.zero-init.o2': '与开始时一样大：w = 0 时梯度为 0，所以什么都不动',
      'ex.zero-init.o3': '不再是数：训练发散',
      'ex.zero-init.explain': '仍然有效。在 w = 0 处梯度是 \u2212mean(y\u00b7x) 和 \u2212mean(y)，并不为零，所以第一步就让每个权重朝真实值移动；线性模型没有需要打破的对称性，因为每个权重对应自己的特征，而且它的损失只有一个最低点。这里 w 的误差为 {ew}，b 的误差为 [{eb}]，与书中的大小相当。',

      'ex.var-1000.title': '初始方差为 1000',
      'ex.var-1000.book': '如果参数初始化的方差是 1,000 而不是 0.01，会怎样？',
      'ex.var-1000.setup': 'sigma = \u221a1000 \u2248 31.6。',
      'ex.var-1000.q': '权重从大约 30 个单位之外出发，三轮之后\u2026',
      'ex.var-1000.o1': '误差与书中的训练一样小',
      'ex.var-1000.o2': '训练仍朝真实值前进，但还剩大约一个单位的误差',
      'ex.var-1000.o3': '损失溢出，训练发散',
      'ex.var-1000.explain': '从任何地方出发，梯度下降都会走向同一个最低点：损失是一个碗，而 lr = 0.03 远低于上限 2/\u03bb_max = {limit}，所以不会发散。但每一步只缩短百分之几的距离；从 {w0} 出发，96 步之后误差仍为 {ew}（b：[{eb}]），再多几轮就能完成。',

      'ex.lr-sweep.title': '扫描学习率',
      'ex.lr-sweep.book': '用不同的学习率做实验，看损失函数值下降得有多快。',
      'ex.lr-sweep.setup': '书中的训练，学习率从 0.001 到 3 各跑一次。',
      'ex.lr-sweep.q': '在书中的三轮内，哪个学习率能达到最低的训练损失？',
      'ex.lr-sweep.o1': '书中的 0.03',
      'ex.lr-sweep.o2': '更大的一个，直到大约 1；超过某个值训练就会爆炸',
      'ex.lr-sweep.o3': '最小的 0.001：步子小最稳妥',
      'ex.lr-sweep.explain': '在同样的 96 步里，学习率越大走得越远：损失从起点的 {start} 降到 lr = {bestLr} 时的 {best}，而 lr = {small} 只降到 {smallLoss}。超过上限 2/\u03bb_max = {limit}（虚线）后，每一步越过最低点的距离都比前进的多，有 {bad} 次训练发散。这个上限来自损失的曲率，由数据决定。',

      'ex.epochs.title': '更多轮',
      'ex.epochs.book': '增加训练的轮数能减小误差吗？',
      'ex.epochs.setup': '训练 30 轮而不是 3 轮，损失用对数刻度。',
      'ex.epochs.q': '训练 30 轮时，训练损失\u2026',
      'ex.epochs.o1': '每隔几轮就下降十倍，没有尽头',
      'ex.epochs.o2': '下降到 noise\u00b2/2 附近，然后停在那里',
      'ex.epochs.o3': '停在三轮时的位置',
      'ex.epochs.explain': '更多的轮数只在模型还没达到数据所允许的最好程度时有用：损失在 noise\u00b2/2 = {floor} 附近趋于平稳，这正是真实参数本身的损失（这里最后是 {final}）。此后多出的步数只是在最小二乘解附近晃动，现在相距 {dist}，因为每个小批量都有自己的噪声。',

      'ex.batch-remainder.title': '不能整除的批量大小',
      'ex.batch-remainder.book': '如果样本数不能被批量大小整除，一轮结束时会发生什么？',
      'ex.batch-remainder.setup': '100 个训练样本，每个小批量 30 个（100 = 3 \u00d7 30 + 10）。',
      'ex.batch-remainder.q': '每轮结束时\u2026',
      'ex.batch-remainder.o1': '最后 10 个样本被跳过',
      'ex.batch-remainder.o2': '用上最后一个只有 10 个样本的短小批量',
      'ex.batch-remainder.o3': '最后一个小批量用下一轮的样本补满',
      'ex.batch-remainder.explain': '与书中的数据加载器一样，训练器保留这个短批量：每轮 {nb} 步，最后一步有 {last} 个样本（见单步检查器）。损失是小批量上的平均值，所以这一步并不更小，只是噪声更大。打开 drop_last 后，剩下的 {dropped} 个样本每轮都不参与，而且由于重新打乱，每次不参与的样本都不同。',

      'ex.abs-loss.title': '绝对值损失',
      'ex.abs-loss.book': '试试别的损失函数，比如绝对值损失。看看在普通数据上会怎样。',
      'ex.abs-loss.setup': '损失 |y_hat \u2212 y|（它在 0 处的梯度取 0），训练二十轮。',
      'ex.abs-loss.q': '与平方损失相比，在同样的数据上\u2026',
      'ex.abs-loss.o1': '它也拟合得不错，但一直在解的附近抖动',
      'ex.abs-loss.o2': '它学不会：它的梯度只有 \u00b11',
      'ex.abs-loss.o3': '它会发散：它的梯度从不变小',
      'ex.abs-loss.explain': '它能学会，但它的梯度 mean(sign(y_hat \u2212 y)\u00b7x) 不会随着拟合变好而缩小，所以在学习率不变时，参数每步仍移动大约 lr，最后在解的附近抖动：误差为 {ew} 和 [{eb}]，而同样二十轮的平方损失为 {other}。让学习率逐渐减小就能让它稳定下来。',

      'ex.sq-outlier.title': '一个离群点，平方损失',
      'ex.sq-outlier.book': '如果主动扰动 y 的某些项，例如 y\u2085 = 10,000，行为会有不同吗？',
      'ex.sq-outlier.setup': '第 5 个训练标签换成 10,000（其余都在 \u00b115 左右以内）；平方损失，训练二十轮。',
      'ex.sq-outlier.q': '一千个标签中有一个是 10,000 时\u2026',
      'ex.sq-outlier.o1': '几乎没有变化：它只是一千个样本中的一个',
      'ex.sq-outlier.o2': '拟合被毁了：这一个样本把 w 和 b 拉得很远',
      'ex.sq-outlier.o3': '训练发散',
      'ex.sq-outlier.explain': '平方损失按残差的大小拉动每个样本，而 y\u2085 的残差约为 10,000，所以每个包含它的小批量都会让 b 一步移动约 lr \u00d7 10,000 / 32 \u2248 9。连最佳拟合本身都被拉偏了（最小二乘的 b 是 {bls}，而不是 4.2），SGD 在它周围跳动：误差为 {ew} 和 [{eb}]。',

      'ex.abs-outlier.title': '一个离群点，绝对值损失',
      'ex.abs-outlier.book': '同样的离群点 y\u2085 = 10,000，使用绝对值损失。',
      'ex.abs-outlier.setup': '第 5 个训练标签换成 10,000；绝对值损失，训练二十轮。',
      'ex.abs-outlier.q': '使用绝对值损失时，这个离群点\u2026',
      'ex.abs-outlier.o1': '像平方损失那样毁掉拟合',
      'ex.abs-outlier.o2': '几乎没有影响',
      'ex.abs-outlier.o3': '让训练完全停下',
      'ex.abs-outlier.explain': '绝对值损失以同样的力度拉动每个样本，即残差的符号，不论残差多大，所以 y\u2085 = 10,000 和其他样本一样算数：误差为 {ew} 和 [{eb}]，而平方损失为 {other}。这也是中位数不怕离群点、而平均值怕的原因。',

      'ex.huber-outlier.title': '一个离群点，Huber 损失',
      'ex.huber-outlier.book': '你能想出一个便宜的办法，把平方损失和绝对值损失的优点结合起来吗？提示：避免非常大的梯度值。',
      'ex.huber-outlier.setup': 'Huber 损失，delta = 1（1 以内为平方，超过为绝对值），离群点 y\u2085 = 10,000，训练二十轮。',
      'ex.huber-outlier.q': '使用 Huber 损失时\u2026',
      'ex.huber-outlier.o1': '离群点几乎没有影响，而且比绝对值损失收敛得更近',
      'ex.huber-outlier.o2': '离群点像平方损失那样毁掉拟合',
      'ex.huber-outlier.o3': '它和绝对值损失表现完全一样',
      'ex.huber-outlier.explain': 'Huber 损失的梯度是把残差裁剪到 \u00b1delta：再大的残差，拉力也不超过 delta，而小残差按比例拉动，和平方损失一样。所以它像绝对值损失一样忽略 y\u2085，同时在最低点附近步子会变小：误差为 {ew} 和 [{eb}]，而绝对值损失为 {other}。梯度裁剪是同一个思路。',

      'ex.sorted.title': '按标签排序，从不重新打乱',
      'ex.sorted.book': '为什么需要重新打乱数据集？你能设计一个情形，让恶意构造的数据集在不打乱时破坏优化算法吗？',
      'ex.sorted.setup': '按标签从小到大访问样本，每轮顺序相同；标签噪声更大（noise = 1），lr = 0.1，训练五轮。',
      'ex.sorted.q': '与每轮重新打乱相比，按标签排序\u2026',
      'ex.sorted.o1': '结果相同：看到的样本是一样的',
      'ex.sorted.o2': '偏得更远：参数追着最后那些最大的标签跑',
      'ex.sorted.o3': '效果更好：排好序的数据更容易学',
      'ex.sorted.explain': '现在每个小批量里的标签都相近，所以它的梯度只朝着拟合这一段数据的方向拉：随着一轮中标签增大，b 被一路拉高（见小批量损失中的锯齿形），每轮结束时都偏向最大的标签。误差为 {ew} 和 [{eb}]，而重新打乱时为 {other}；重新打乱让每个小批量都是整个数据集的公平样本。',

      'ex.ohm.title': '欧姆定律',
      'ex.ohm.book': '假设你是 Georg Simon Ohm，想为电阻建立一个联系电压和电流的模型。你能学出模型的参数吗？',
      'ex.ohm.setup': '电压 U 在 0 到 10 V 之间，电流 I = U / R 加噪声，R = 10 \u03a9；模型为 I = w U + b。',
      'ex.ohm.q': '同样的代码能学出电阻吗？',
      'ex.ohm.o1': '能：w 趋近 1/R = 0.1 S，b 趋近 0，所以 R = 1/w',
      'ex.ohm.o2': '不能：这个模型需要不同的梯度',
      'ex.ohm.o3': '只有把学习率调大很多才行，因为电流很小',
      'ex.ohm.explain': '能：I = U/R 是一个线性模型，w = 1/R，b = 0，训练循环里什么都不用改。{epochs} 轮之后 w = {w} S，所以 R \u2248 1/w = {R} \u03a9，b = {b}。不过要注意上限：电压最高 10 V，使 \u03bb_max = {lambda}，所以 2/\u03bb_max = {limit}，书中的 0.03 已经离它不远（试试 0.07，看它发散）。',

      'set.loss': '损失',
      'set.loss.help': 'squared（书中的平方损失）、absolute（绝对值）或 Huber（huber_delta 以内为平方，超过为绝对值）。',
      'set.huber_delta': 'Huber delta',
      'set.huber_delta.help': 'Huber 损失由平方变为绝对值的位置。',
      'set.order': '顺序',
      'set.order.help': 'shuffle：每轮新的顺序（书中的做法）；generated：生成时的顺序；sorted：每轮都按标签排序（对抗性的顺序）。',
      'set.drop_last': '丢弃最后的短批量',
      'set.drop_last.help': 'batch_size 不能整除 num_train 时，跳过剩下的那个小批量。',
      'set.outlier': '离群点',
      'set.outlier.help': '替换一个训练标签：\u201c行, 值\u201d，例如 5, 10000（书中的 y\u2085）；留空表示没有。',
      'set.dataset': '数据集',
      'set.dataset.help': 'synthetic（书中的数据）或 ohm：0 到 10 V 的电压对应的电流（真实 w = 1/R，b = 0；上面的 w 和 b 不适用）。',
      'set.resistance': '电阻（\u03a9）',
      'set.resistance.help': 'ohm 数据集的 R。',
    },
  };

  const LANGS = ['en', 'zh'];

  // 'zh' for zh, zh-CN, zh-Hans, zh-SG (and zh-TW: the only Chinese here is Simplified).
  function normalize(tag) {
    const t = String(tag || '').toLowerCase();
    if (t === 'zh' || t.startsWith('zh-')) return 'zh';
    if (t === 'en' || t.startsWith('en-')) return 'en';
    return null;
  }

  // The `lang` flag of the URL's hash (or query), read here because the language must be known
  // before anything is drawn; web/urlstate.js reports an invalid one.
  function flag(location) {
    for (const part of [location.hash, location.search]) {
      const m = /(?:^|[#?&])lang=([^&]*)/.exec(part || '');
      if (m) return decodeURIComponent(m[1]);
    }
    return null;
  }

  function detect(location, languages) {
    const fromUrl = normalize(flag(location));
    if (fromUrl) return fromUrl;
    for (const l of languages || []) {
      const n = normalize(l);
      if (n) return n;
    }
    return 'en';
  }

  function fill(text, vars) {
    if (typeof text === 'function') text = text(vars || {});
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }

  class I18n {
    constructor(lang) {
      this.lang = LANGS.includes(lang) ? lang : 'en';
    }

    t(key, vars) {
      const own = STRINGS[this.lang][key];
      if (own !== undefined) return fill(own, vars);
      const en = STRINGS.en[key];
      return en !== undefined ? fill(en, vars) : key;
    }

    has(key) {
      return STRINGS.en[key] !== undefined;
    }

    // The BCP 47 tag for <html lang>.
    get htmlLang() {
      return this.lang === 'zh' ? 'zh-Hans' : 'en';
    }

    apply(root) {
      const scope = root || document;
      const nodes = [];
      if (scope.matches && scope.matches('[data-i18n], [data-i18n-attr]')) nodes.push(scope);
      nodes.push(...scope.querySelectorAll('[data-i18n], [data-i18n-attr]'));
      for (const node of nodes) {
        const key = node.getAttribute('data-i18n');
        if (key) node.textContent = this.t(key);
        const attrs = node.getAttribute('data-i18n-attr');
        if (attrs) {
          for (const pair of attrs.split(';')) {
            const [attr, k] = pair.split(':').map((s) => s.trim());
            if (attr && k) node.setAttribute(attr, this.t(k));
          }
        }
      }
    }
  }

  const i18n = new I18n(typeof location !== 'undefined'
    ? detect(location, typeof navigator !== 'undefined' ? navigator.languages || [navigator.language] : [])
    : 'en');

  page.strings = { STRINGS, LANGS, detect, normalize, I18n };
  page.i18n = i18n;
  page.t = (key, vars) => page.i18n.t(key, vars);
})((window.LinRegPage = window.LinRegPage || {}));
