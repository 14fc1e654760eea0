package io.riffle.examples.leaderboardlambda;

import io.riffle.examples.leaderboard.Leaderboard;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The Lambda leaderboard's command line (see README.md):
 * <pre>
 * leaderboard-lambda serve [--port 9001]   the function host; LEADERBOARD_ENDPOINT, LEADERBOARD_TABLE as for Lambda
 * leaderboard-lambda produce|standings ...  examples/leaderboard's producer and standings, unchanged
 * </pre>
 */
public final class LeaderboardLambda {
    private LeaderboardLambda() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            int port = args.length == 3 && args[1].equals("--port") ? Integer.parseInt(args[2]) : 9001;
            InvokeServer server = InvokeServer.start(new InetSocketAddress("127.0.0.1", port), new ScoreHandler());
            System.out.println("leaderboard function: Lambda endpoint " + server.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            new CountDownLatch(1).await(); // until stopped (Ctrl-C, SIGTERM)
        } else {
            Leaderboard.main(args);
        }
    }
}
