// Downloads of the architecture diagram (see app/src/pages/planner_page/diagram.rs), on the
// planner and the share page.
//
// "Download SVG" saves the wide drawing of the view on screen (as planned, or after losing the
// primary) as it is in the page; "Download PNG" draws that SVG on a canvas at twice its size
// and saves the picture. The file is named after the plan. Without this script the diagram
// and its text version still show; only the two buttons do nothing.
(function () {
  'use strict';

  function fileStem(section, failover) {
    var name = (section.getAttribute('data-diagram') || '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
    return (name || 'regionwise') + '-architecture' + (failover ? '-after-failover' : '');
  }

  function save(blob, fileName) {
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function toPng(svg, text, fileName) {
    var width = svg.width.baseVal.value;
    var height = svg.height.baseVal.value;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * 2);
      canvas.height = Math.ceil(height * 2);
      var context = canvas.getContext('2d');
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob(function (blob) { if (blob) save(blob, fileName); }, 'image/png');
    };
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-diagram-download]') : null;
    if (!button) return;
    var section = button.closest('[data-diagram]');
    if (!section) return;
    var toggle = section.querySelector('.architecture__toggle');
    var failover = !!(toggle && toggle.checked);
    var view = failover ? '.architecture__view--failover' : '.architecture__view--planned';
    var svg = section.querySelector(view + ' .architecture__svg--wide svg');
    if (!svg) return;
    var text = new XMLSerializer().serializeToString(svg);
    var stem = fileStem(section, failover);
    if (button.getAttribute('data-diagram-download') === 'png') {
      toPng(svg, text, stem + '.png');
    } else {
      save(new Blob([text], { type: 'image/svg+xml' }), stem + '.svg');
    }
  });
})();
