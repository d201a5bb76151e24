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
