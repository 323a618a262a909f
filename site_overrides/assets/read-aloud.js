/* Read-aloud on learner pages: the browser's own speech synthesis reads the article sentence by sentence,
   in the page's language, with the sentence being read highlighted and kept in view.
   - The buttons (partials/cg-read-aloud.html) stay hidden unless this device has a voice for the page's
     `<html lang>` ("es" takes "es-ES"): Android lists languages whose voice pack is not installed, so the
     test is a voice, not a language. Voices load late in Chrome: `voiceschanged` checks again.
   - No cloud voice: a voice with `localService === false` sends the text off the site, and is never used.
   - Text in another language inside the page (its `lang`, e.g. an English fallback on an Arabic page) is
     read with a voice of that language, and skipped when there is none: a voice of another language
     mispronounces every word.
   - The highlight is a CSS Custom Highlight (`::highlight(cg-read)`), which leaves the DOM alone; a browser
     without it gets the paragraph being read marked with a class instead of <mark> elements spliced into
     the text (a sentence crosses links and inline markup, which a <mark> cannot wrap). */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var bar = document.querySelector("[data-cg-read-aloud]");
  var article = document.querySelector("article.md-content__inner");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !bar || !article) return;

  // What is not read: code, controls (quizzes included), navigation and tables of contents, tooltips,
  // what is hidden from everyone or from assistive technology, the module's info card, these buttons.
  var SKIP = "pre, code, kbd, samp, script, style, template, svg, math, nav, .toc, button, input, select, " +
    "textarea, label, form, fieldset, [role=tooltip], [aria-hidden=true], [hidden], .headerlink, " +
    ".footnote-ref, .footnote-backref, .cg-card, [data-cg-read-skip], [data-cg-read-aloud]";
  // The elements a sentence never crosses.
  var BLOCK = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, td, th, caption, figcaption, summary, blockquote, " +
    "div, section, details, aside, figure, article";
  var SENTENCE_END = /[.!?\u2026\u3002\uff01\uff1f\u061f\u06d4]+["'\u201d\u2019\u00bb)\]]*(\s+|$)/g;
  var WORD = wordPattern();
  var highlights = window.CSS && CSS.highlights && typeof window.Highlight === "function" ? CSS.highlights : null;

  var main = bar.querySelector("[data-cg-read-main]");
  var stopButton = bar.querySelector("[data-cg-read-stop]");
  var pageLang = document.documentElement.lang;
  var state = "idle";  // idle, speaking or paused
  var queue = [];
  var index = 0;
  var generation = 0;  // an utterance's events count only while it is the current one
  var interrupted = false;
  var marked = null;
  var held = null;  // Chrome drops the end event of an utterance nothing refers to any more

  function wordPattern() {
    try {
      return new RegExp("[\\p{L}\\p{N}]", "u");
    } catch (error) {  // a browser without Unicode property escapes: any visible character
      return /\S/;
    }
  }

  function primary(lang) {
    return (lang || "").replace(/_/g, "-").split("-")[0].toLowerCase();
  }

  /* The device's own voice for `lang`: the same primary language, local only; the exact tag first, then
     the device's default voice, then the first listed. */
  function voiceFor(lang) {
    var wanted = (lang || "").replace(/_/g, "-").toLowerCase();
    var voices = synth.getVoices().filter(function (voice) {
      return voice.localService !== false && primary(voice.lang) === primary(lang);
    });
    function rank(voice) {
      var exact = (voice.lang || "").replace(/_/g, "-").toLowerCase() === wanted;
      return (exact ? 0 : 2) + (voice["default"] ? 0 : 1);
    }
    return voices.reduce(function (best, voice) {
      return !best || rank(voice) < rank(best) ? voice : best;
    }, null);
  }

  function skipped(element) {
    if (element.matches(SKIP)) return true;
    var style = getComputedStyle(element);
    return style.display === "none" || style.visibility === "hidden";
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        return skipped(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /* The article's text in reading order, as runs of text nodes that share a block: each run's text, its
     language (the nearest `lang`), and where each of its nodes starts in that text. */
  function passages(nodes) {
    var list = [];
    var current = null;
    nodes.forEach(function (node) {
      var block = node.parentElement.closest(BLOCK) || article;
      if (!current || current.block !== block) {
        var owner = block.closest("[lang]");
        current = { block: block, lang: owner ? owner.getAttribute("lang") : pageLang, text: "", parts: [] };
        list.push(current);
      }
      current.parts.push({ node: node, start: current.text.length });
      current.text += node.data;
    });
    return list;
  }

  function punctuationSegments(text) {
    var segments = [];
    var start = 0;
    var match;
    SENTENCE_END.lastIndex = 0;
    while (start < text.length && (match = SENTENCE_END.exec(text))) {
      var end = match.index + match[0].length;
      segments.push({ index: start, segment: text.slice(start, end) });
      start = end;
    }
    if (start < text.length) segments.push({ index: start, segment: text.slice(start) });
    return segments;
  }

  function segmenterSegments(text, lang) {
    try {
      return Array.from(new Intl.Segmenter(lang, { granularity: "sentence" }).segment(text));
    } catch (error) {  // a `lang` the browser cannot parse: the punctuation rule
      return punctuationSegments(text);
    }
  }

  /* A full stop with no space after it ends no sentence: the segmenter breaks an outcome code such as
     "A1.C1.LO1" after "A1." (a digit, a stop, a capital), so such a piece joins the next one. */
  function joinCodes(pieces) {
    return pieces.reduce(function (joined, piece) {
      var last = joined[joined.length - 1];
      if (last && /\.$/.test(last.segment)) last.segment += piece.segment;
      else joined.push({ index: piece.index, segment: piece.segment });
      return joined;
    }, []);
  }

  function segments(text, lang) {
    var segmenter = window.Intl && typeof Intl.Segmenter === "function";
    return joinCodes(segmenter ? segmenterSegments(text, lang) : punctuationSegments(text));
  }

  /* The text node and offset of a position in a passage's text (an end falls at the end of its node). */
  function point(passage, offset, isEnd) {
    for (var i = 0; i < passage.parts.length; i++) {
      var part = passage.parts[i];
      var end = part.start + part.node.data.length;
      if (offset < end || (isEnd && offset === end)) return [part.node, offset - part.start];
    }
    var last = passage.parts[passage.parts.length - 1];
    return [last.node, last.node.data.length];
  }

  function sentencesOf(passage, voice) {
    return segments(passage.text, passage.lang).map(function (piece) {
      var leading = piece.segment.length - piece.segment.replace(/^\s+/, "").length;
      var trimmed = piece.segment.trim();
      var start = piece.index + leading;
      return { text: trimmed.replace(/\s+/g, " "), lang: passage.lang, voice: voice, block: passage.block,
               start: point(passage, start, false), end: point(passage, start + trimmed.length, true) };
    }).filter(function (sentence) { return WORD.test(sentence.text); });
  }

  function sentences() {
    var list = [];
    passages(textNodes(article)).forEach(function (passage) {
      var voice = voiceFor(passage.lang);
      if (voice) list = list.concat(sentencesOf(passage, voice));
    });
    return list;
  }

  function clearHighlight() {
    if (highlights) highlights["delete"]("cg-read");
    if (marked) marked.classList.remove("cg-reading");
    marked = null;
  }

  function reveal(range) {
    var box = range.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    if (box.top < top || box.bottom > window.innerHeight) window.scrollBy(0, box.top - window.innerHeight / 3);
  }

  function highlight(sentence) {
    clearHighlight();
    var range = document.createRange();
    range.setStart(sentence.start[0], sentence.start[1]);
    range.setEnd(sentence.end[0], sentence.end[1]);
    if (highlights) {
      highlights.set("cg-read", new Highlight(range));
    } else {
      marked = sentence.block;
      marked.classList.add("cg-reading");
    }
    reveal(range);
  }

  function show(next) {
    state = next;
    bar.setAttribute("data-state", state);  // which label and icon the main button shows (coursegen.css)
    stopButton.hidden = state === "idle";
  }

  function speakCurrent() {
    var sentence = queue[index];
    if (!sentence) {
      stop();
      return;
    }
    var mine = ++generation;
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = sentence.lang;
    utterance.voice = sentence.voice;
    // an error (a sentence the voice cannot say) moves on too: the queue is finite
    utterance.onend = utterance.onerror = function () { if (mine === generation) finished(); };
    highlight(sentence);
    held = utterance;
    synth.speak(utterance);
  }

  function finished() {
    if (state === "paused") {  // Android ends the utterance on pause(): it is said again on resume
      interrupted = true;
      return;
    }
    index += 1;
    speakCurrent();
  }

  function start() {
    synth.cancel();
    queue = sentences();
    index = 0;
    interrupted = false;
    show("speaking");
    speakCurrent();
  }

  function stop() {
    generation += 1;
    held = null;
    synth.cancel();
    clearHighlight();
    show("idle");
  }

  function pause() {
    synth.pause();
    show("paused");
  }

  function resume() {
    show("speaking");
    synth.resume();
    if (interrupted) {
      interrupted = false;
      speakCurrent();
    }
  }

  function update() {
    var available = Boolean(voiceFor(pageLang));
    if (!available && state !== "idle") stop();
    bar.hidden = !available;
  }

  main.addEventListener("click", function () {
    if (state === "idle") start();
    else if (state === "speaking") pause();
    else resume();
  });
  stopButton.addEventListener("click", function () {
    stop();
    main.focus();  // the stop button hides itself: focus must not fall to the page's start
  });
  window.addEventListener("pagehide", function () { if (state !== "idle") stop(); });
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", update);
  else synth.onvoiceschanged = update;
  update();
})();
