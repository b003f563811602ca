package dev.minternet.transport.tcp;

final class DetProbe {
    public static void main(String[] a) {
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            String[] r = TcpDeterminismTest.run(21);
            System.out.println((System.nanoTime() - t0) / 1e9 + " s " + r[0].substring(0, 8));
        }
    }
}
