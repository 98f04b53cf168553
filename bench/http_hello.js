// The node side of bench/http_run: the same "Hello, world!" as examples/http_hello.cp,
// with node's http module (keep-alive on, as in HTTP/1.1).
const http = require("http");
const port = Number(process.argv[2] || 8081);
http
  .createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": 14 });
    res.end("Hello, world!\n");
  })
  .listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
