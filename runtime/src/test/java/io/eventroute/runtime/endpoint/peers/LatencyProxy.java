package io.eventroute.runtime.endpoint.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that forwards bytes both ways to a peer and delivers each chunk it reads a
 * fixed delay later, as a remote service's network would: the round trip grows by twice the delay,
 * while many requests may be on their way at once (the delay is not a bandwidth limit). Each
 * connection is forwarded by four threads: a reader and a delayed writer per direction. Thread-safe.
 */
public final class LatencyProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /** A proxy to {@code targetPort} on 127.0.0.1 that delays every chunk by {@code delayMillis}. */
    public LatencyProxy(int targetPort, long delayMillis) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "latency-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket peer = new Socket();
                try {
                    peer.connect(target, 10_000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                peer.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(peer);
                pipe(client, peer);
                pipe(peer, client);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** Forwards what {@code from} sends to {@code to}, each chunk {@code delayNanos} after it was read. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    chunks.add(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException e) {
                // the connection ended
            }
            chunks.add(new Chunk(END, System.nanoTime() + delayNanos));
        }, "latency-proxy-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = chunks.take();
                    long wait = c.dueNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (c.bytes == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                close(from);
                close(to);
            }
        }, "latency-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            close(s);
        }
    }
}
