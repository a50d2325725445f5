// The API's browsable page: Swagger UI (static/vendor/swagger-ui) reading openapi.json.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: node.dataset.specUrl,
    domNode: node,
    deepLinking: false,
    // The browser's session signs the requests in; writes need the page's CSRF token.
    requestInterceptor: function (request) {
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta && request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = meta.getAttribute("content");
      }
      return request;
    },
  });
})();
