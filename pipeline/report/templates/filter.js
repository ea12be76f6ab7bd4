(function () {
  var box = document.getElementById('flag-filter');
  if (box) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('#flag-table tbody tr.flag'));
    var boxes = Array.prototype.slice.call(box.querySelectorAll('input[type=checkbox]'));
    box.addEventListener('change', function () {
      var shown = {};
      boxes.forEach(function (b) { shown[b.value] = b.checked; });
      rows.forEach(function (r) { r.hidden = !shown[r.getAttribute('data-kind')]; });
    });
    box.hidden = false;
  }
  document.body.setAttribute('data-ready', '1');
})();
