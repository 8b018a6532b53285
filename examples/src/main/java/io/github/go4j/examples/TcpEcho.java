package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.sync.WaitGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A TCP echo and time server with a goroutine per connection, and its clients: the shape of Go's
 * {@code net} servers. It listens on a free loopback port, serves three concurrent clients, and
 * stops by itself: closing the listener ends the accept loop, and the server waits for its
 * connection goroutines.
 *
 * <pre>{@code
 * func handle(conn net.Conn, wg *sync.WaitGroup) {
 *     defer wg.Done()
 *     defer conn.Close()
 *     sc := bufio.NewScanner(conn)
 *     for sc.Scan() {
 *         switch line := sc.Text(); line {
 *         case "time":
 *             fmt.Fprintln(conn, time.Now().UTC().Format(time.RFC3339Nano))
 *         case "quit":
 *             return
 *         default:
 *             fmt.Fprintln(conn, "echo: "+line)
 *         }
 *     }
 * }
 *
 * func serve(ln net.Listener, wg *sync.WaitGroup) {
 *     for {
 *         conn, err := ln.Accept()
 *         if err != nil {
 *             return                      // the listener was closed
 *         }
 *         wg.Add(1)
 *         go handle(conn, wg)             // a goroutine per connection
 *     }
 * }
 *
 * func client(addr string, id int) ([]string, error) {
 *     conn, err := net.Dial("tcp", addr)
 *     if err != nil {
 *         return nil, err
 *     }
 *     defer conn.Close()
 *     r := bufio.NewReader(conn)
 *     var replies []string
 *     for _, req := range []string{fmt.Sprint("hello from ", id), "time", "quit"} {
 *         fmt.Fprintln(conn, req)
 *         if req == "quit" {
 *             break
 *         }
 *         reply, err := r.ReadString('\n')
 *         if err != nil {
 *             return nil, err
 *         }
 *         replies = append(replies, strings.TrimSpace(reply))
 *     }
 *     return replies, nil
 * }
 *
 * func main() {
 *     ln, err := net.Listen("tcp", "127.0.0.1:0")    // a free port, loopback only
 *     if err != nil {
 *         log.Fatal(err)
 *     }
 *     var conns sync.WaitGroup
 *     served := make(chan struct{})
 *     go func() { serve(ln, &conns); close(served) }()
 *     var clients sync.WaitGroup
 *     for id := 1; id <= 3; id++ {
 *         clients.Add(1)
 *         go func(id int) { defer clients.Done(); replies, _ := client(ln.Addr().String(), id); ... }(id)
 *     }
 *     clients.Wait()
 *     ln.Close()                        // stop accepting
 *     <-served
 *     conns.Wait()                      // every connection goroutine has returned
 * }
 * }</pre>
 */
public final class TcpEcho {
  private TcpEcho() {}

  /** Go's {@code handle}: serves one connection until {@code quit} or end of stream. */
  static void handle(Socket conn, WaitGroup wg) {
    try (conn) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter w =
          new PrintWriter(conn.getOutputStream(), true, StandardCharsets.UTF_8); // autoflush
      for (String line; (line = in.readLine()) != null; ) {
        switch (line) {
          case "time" -> w.println(Instant.now());
          case "quit" -> {
            return;
          }
          default -> w.println("echo: " + line);
        }
      }
    } catch (IOException e) {
      // the client went away: nothing more to serve on this connection
    } finally {
      wg.done();
    }
  }

  /** Go's {@code serve}: the accept loop, a goroutine per connection. */
  static void serve(ServerSocket ln, WaitGroup wg) {
    for (; ; ) {
      Socket conn;
      try {
        conn = ln.accept();
      } catch (IOException e) {
        return; // the listener was closed
      }
      wg.add(1);
      go(() -> handle(conn, wg));
    }
  }

  /** Go's {@code client}: one connection, two requests, then {@code quit}. */
  static List<String> client(int port, int id) throws IOException {
    try (Socket conn = new Socket(InetAddress.getLoopbackAddress(), port)) {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter w = new PrintWriter(conn.getOutputStream(), true, StandardCharsets.UTF_8);
      List<String> replies = new ArrayList<>();
      for (String req : List.of("hello from " + id, "time", "quit")) {
        w.println(req);
        if (req.equals("quit")) {
          break;
        }
        String reply = r.readLine();
        if (reply == null) {
          throw new IOException("connection closed before the reply to " + req);
        }
        replies.add(req.equals("time") ? describeTime(reply) : reply);
      }
      return replies;
    }
  }

  /** The time differs at every run: the client checks that it parses, and reports only that. */
  private static String describeTime(String reply) {
    try {
      Instant.parse(reply);
      return "time: an instant";
    } catch (DateTimeParseException e) {
      return "time: not an instant: " + reply;
    }
  }

  /**
   * Starts the server on a free loopback port, runs three clients at once, and stops the server.
   *
   * @param out where to print
   * @throws Exception if the server cannot listen, a client fails, or interrupted
   */
  public static void run(PrintStream out) throws Exception {
    ServerSocket ln = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    WaitGroup conns = new WaitGroup();
    Channel<io.github.go4j.chan.Unit> served = Channel.make();
    go(
        () -> {
          try {
            serve(ln, conns);
          } finally {
            served.close();
          }
        });
    Channel<String> replies = Channel.make(64);
    WaitGroup clients = new WaitGroup();
    try {
      for (int id = 1; id <= 3; id++) {
        int n = id;
        clients.go(
            () -> {
              try {
                for (String reply : client(ln.getLocalPort(), n)) {
                  replies.send("client " + n + " <- " + reply);
                }
              } catch (IOException e) {
                replies.send("client " + n + " failed: " + e);
              }
            });
      }
      clients.await();
    } finally {
      ln.close(); // stop accepting: the accept loop returns
    }
    served.receive();
    conns.await(); // every connection goroutine has returned
    replies.close();
    List<String> lines = new ArrayList<>();
    for (String s : replies) {
      lines.add(s);
    }
    Collections.sort(lines); // the clients ran at once: sort their lines
    lines.forEach(out::println);
    out.println("server stopped: accept loop and connection goroutines done");
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws Exception if the server cannot listen, a client fails, or interrupted
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
