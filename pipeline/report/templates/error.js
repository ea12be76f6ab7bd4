window.addEventListener('error', function () {
  var body = document.body;
  if (body) { body.setAttribute('data-script-errors', String(Number(body.getAttribute('data-script-errors') || 0) + 1)); }
});
