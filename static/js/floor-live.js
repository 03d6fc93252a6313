/* The floor, live: each [data-floor-events] panel follows its meeting's event stream
   (server-sent events, consultations/live.py) and counts the time down between events.
   Text only (textContent): nothing received is read as HTML. On the Secretariat's desk
   ([data-floor-shortcuts]), the keys it lists ([data-shortcut], [data-target]: a button's id)
   press the common buttons. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + pad(s % 60);
  }

  function field(panel, name) { return panel.querySelector('[data-floor="' + name + '"]'); }
  function setText(node, text) { if (node && node.textContent !== text) { node.textContent = text; } }

  function follow(panel) {
    var state = { payload: null, offset: 0, version: Number(panel.dataset.version || 0), turn: null };

    function tick() {
      var p = state.payload;
      var current = p && p.current;
      if (!current) { return; }
      var elapsed = current.elapsed;
      if (current.running) {
        elapsed += (Date.now() + state.offset) / 1000 - p.server_time;
      }
      var label, text, over = false;
      if (current.limit === null || current.limit === undefined) {
        label = panel.dataset.labelElapsed; text = clock(elapsed);
      } else {
        var left = current.limit - Math.floor(elapsed);
        over = left < 0;
        label = over ? panel.dataset.labelOver : panel.dataset.labelLeft;
        text = over ? "+" + clock(-left) : clock(left);
      }
      setText(field(panel, "timer-label"), label);
      setText(field(panel, "timer"), text);
      panel.classList.toggle("floor-overrun", over);
    }

    function show(p) {
      state.payload = p;
      state.offset = p.server_time * 1000 - Date.now();
      panel.hidden = !p.in_session && !panel.dataset.always;
      var current = p.current;
      field(panel, "current").hidden = !current;
      field(panel, "nobody").hidden = !!current;
      if (current) {
        setText(field(panel, "speaker"), current.speaker);
        setText(field(panel, "stakeholder"), current.stakeholder);
        setText(field(panel, "level"), current.level);
        setText(field(panel, "status"), current.status_label);
      } else {
        panel.classList.remove("floor-overrun");
      }
      var list = field(panel, "next");
      while (list.firstChild) { list.removeChild(list.firstChild); }
      p.next.forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.stakeholder + (entry.speaker ? " — " + entry.speaker : "") + " ";
        var level = document.createElement("span");
        level.className = "floor-next-level";
        level.textContent = "(" + entry.level + ")";
        item.appendChild(level);
        list.appendChild(item);
      });
      field(panel, "no-next").hidden = p.next.length > 0;
      var turn = current ? current.turn : null;
      if (turn !== state.turn) {
        if (state.turn !== null || state.version !== p.version) {
          setText(field(panel, "announce"), p.announce);
        }
        state.turn = turn;
      }
      if (state.version !== p.version) { panel.dataset.updatedAt = String(Date.now()); }
      state.version = p.version;
      panel.dataset.version = String(p.version);
      panel.dataset.live = "1";
      tick();
    }

    var source = new EventSource(panel.dataset.floorEvents);
    source.addEventListener("floor", function (event) {
      var p = JSON.parse(event.data);
      if (state.payload && p.version < state.version) { return; }
      show(p);
    });
    window.setInterval(tick, 250);
  }

  function shortcuts(root) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        return;
      }
      var key = root.querySelector('[data-shortcut="' + event.key.toLowerCase() + '"]');
      var button = key && document.getElementById(key.dataset.target);
      if (button && !button.disabled) {
        event.preventDefault();
        button.click();
      }
    });
  }

  document.querySelectorAll("[data-floor-events]").forEach(follow);
  var desk = document.querySelector("[data-floor-shortcuts]");
  if (desk) { shortcuts(desk); }
}());
