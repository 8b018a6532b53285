package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.ErrGroup;
import io.github.go4j.patterns.ErrGroupException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two HTTP servers, an application server and a debug server, run as one errgroup: when one fails,
 * the group's context is cancelled and the other shuts down too. Both listen on free loopback
 * ports; the debug server has an endpoint that makes it fail, so the program ends by itself. (JDK's
 * {@code com.sun.net.httpserver.HttpServer} stands in for {@code net/http}; its handlers run on a
 * goroutine per request, as Go's do.)
 *
 * <pre>{@code
 * func serve(ctx context.Context, srv *http.Server, ln net.Listener, failed <-chan error) error {
 *     errc := make(chan error, 1)
 *     go func() { errc <- srv.Serve(ln) }()
 *     select {
 *     case err := <-errc:
 *         return err
 *     case err := <-failed:              // the server's own failure
 *         srv.Close()
 *         return err
 *     case <-ctx.Done():                 // the other server failed
 *         return srv.Shutdown(context.Background())
 *     }
 * }
 *
 * func main() {
 *     appLn, _ := net.Listen("tcp", "127.0.0.1:0")
 *     debugLn, _ := net.Listen("tcp", "127.0.0.1:0")
 *     var appRequests atomic.Int32
 *     crashed := make(chan error, 1)
 *
 *     app := http.NewServeMux()
 *     app.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
 *         appRequests.Add(1)
 *         fmt.Fprint(w, "hello")
 *     })
 *     debug := http.NewServeMux()
 *     debug.HandleFunc("/debug/vars", func(w http.ResponseWriter, r *http.Request) {
 *         fmt.Fprint(w, "app requests: ", appRequests.Load())
 *     })
 *     debug.HandleFunc("/debug/crash", func(w http.ResponseWriter, r *http.Request) {
 *         w.WriteHeader(http.StatusInternalServerError)
 *         fmt.Fprint(w, "crashing")
 *         crashed <- errors.New("debug server crashed")
 *     })
 *
 *     g, ctx := errgroup.WithContext(context.Background())
 *     g.Go(func() error { return serve(ctx, &http.Server{Handler: app}, appLn, nil) })
 *     g.Go(func() error { return serve(ctx, &http.Server{Handler: debug}, debugLn, crashed) })
 *
 *     get("http://" + appLn.Addr().String() + "/hello")
 *     get("http://" + debugLn.Addr().String() + "/debug/vars")
 *     get("http://" + debugLn.Addr().String() + "/debug/crash")
 *     fmt.Println("group:", g.Wait())   // both servers have stopped
 * }
 * }</pre>
 *
 * <p>A nil {@code failed} channel in Go (never ready) is {@link Channel#nil()} here.
 */
public final class TwoHttpServers {
  private TwoHttpServers() {}

  /** Go's {@code serve}: runs {@code srv} until it fails or the group's context is done. */
  static void serve(Context ctx, HttpServer srv, ReceiveChannel<Exception> failed)
      throws Exception {
    srv.start();
    try {
      Exception err = Select.select(failed.onReceive(e -> e), ctx.done().onReceive(x -> null));
      if (err != null) {
        throw err; // the group's first error: cancels ctx, so the other server stops
      }
    } finally {
      srv.stop(0); // closes the listener and the connections
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static String get(HttpClient client, String url) throws InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "unreachable";
    }
  }

  private static HttpServer listen() throws IOException {
    HttpServer srv =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    srv.setExecutor(r -> go(r::run)); // a goroutine per request
    return srv;
  }

  /**
   * Starts both servers, makes the debug server fail, and waits for the group.
   *
   * @param out where to print
   * @throws Exception if a server cannot listen, or interrupted
   */
  public static void run(PrintStream out) throws Exception {
    HttpServer app = listen(); // bound now: requests wait in the backlog until start()
    HttpServer debug = listen();
    AtomicInteger appRequests = new AtomicInteger();
    Channel<Exception> crashed = Channel.make(1);
    app.createContext(
        "/hello",
        ex -> {
          appRequests.incrementAndGet();
          reply(ex, 200, "hello");
        });
    debug.createContext("/debug/vars", ex -> reply(ex, 200, "app requests: " + appRequests.get()));
    debug.createContext(
        "/debug/crash",
        ex -> {
          reply(ex, 500, "crashing"); // the response is sent before the server stops
          crashed.trySend(new IOException("debug server crashed"));
        });

    ErrGroup g = ErrGroup.withContext(Context.background());
    g.go(() -> serve(g.context(), app, Channel.nil()));
    g.go(() -> serve(g.context(), debug, crashed));

    String appUrl = "http://127.0.0.1:" + app.getAddress().getPort();
    String debugUrl = "http://127.0.0.1:" + debug.getAddress().getPort();
    try (HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build()) {
      out.println("app   GET /hello       -> " + get(client, appUrl + "/hello"));
      out.println("debug GET /debug/vars  -> " + get(client, debugUrl + "/debug/vars"));
      out.println("debug GET /debug/crash -> " + get(client, debugUrl + "/debug/crash"));
      try {
        g.await();
        out.println("group: no error?!");
      } catch (ErrGroupException e) {
        out.println("group: both servers stopped; first error: " + e.getCause());
      }
      out.println("app   GET /hello       -> " + get(client, appUrl + "/hello"));
    }
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws Exception if a server cannot listen, or interrupted
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
