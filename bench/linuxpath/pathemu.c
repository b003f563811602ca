// pathemu: the path of `minternet bench linuxpath`, emulated between two network namespaces for
// real Linux TCP (for kernels built without netem). Two TUN devices, one in each namespace; what
// the sender's stack writes into its device goes through the model below and comes out of the
// receiver's device at the modelled time, and the receiver's ACKs come back after the reverse
// path's delay.
//
//   sender --(1 Gbit/s, 1 ms)--> R1 --(100 Mbit/s, 20 ms; DropTail, QLEN packets)--> R2 --(1 Gbit/s, 1 ms)--> receiver
//   receiver --(the same links back, no queue builds)--> sender                                   RTT 44 ms
//
// Random loss LOSS is drawn on the sender's egress (as `tc qdisc add dev eth0 root netem loss P%`
// on the sender would): data segments only, never the ACKs. Queueing and serialization run on the
// model's own clock (the departure time of each packet is computed, not observed), so the
// emulator's scheduling jitter moves a delivery by microseconds but never changes what the queue
// holds or drops. Frames are counted with a 14-byte Ethernet header.
//
// usage: pathemu NETNS_SENDER NETNS_RECEIVER LOSS SEED QLEN SECONDS
//   creates tun device "tsnd" in NETNS_SENDER and "trcv" in NETNS_RECEIVER (see run.sh), runs for
//   SECONDS, prints the counts on stderr at the end.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define RING 16384 /* packets in flight per direction (the 44 ms pipe holds under 1,000) */
#define BUF 2048

typedef struct {
    int64_t at; /* when the packet leaves the path */
    int len;
    unsigned char b[BUF];
} packet;

typedef struct {
    packet *p;
    int head, tail;
} fifo;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_tun(const char *netns, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "/var/run/netns/%s", netns);
    int ns = open(path, O_RDONLY);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
        perror(path);
        exit(1);
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
    if (fd < 0) {
        perror("/dev/net/tun");
        exit(1);
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("TUNSETIFF");
        exit(1);
    }
    close(ns);
    return fd;
}

static uint64_t rng_state;

static double uniform(void) { /* xorshift64*, 53 bits */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double) ((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static volatile sig_atomic_t stop;

static void on_signal(int s) {
    (void) s;
    stop = 1;
}

static void deliver(fifo *f, int fd, int64_t now) {
    while (f->head != f->tail && f->p[f->head].at <= now) {
        packet *p = &f->p[f->head];
        if (write(fd, p->b, (size_t) p->len) < 0 && errno != EAGAIN) {
            perror("write");
        }
        f->head = (f->head + 1) % RING;
    }
}

static packet *slot(fifo *f) {
    if ((f->tail + 1) % RING == f->head) {
        fprintf(stderr, "pathemu: ring full\n");
        exit(1);
    }
    return &f->p[f->tail];
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: pathemu NETNS_SENDER NETNS_RECEIVER LOSS SEED QLEN SECONDS\n");
        return 2;
    }
    const double loss = atof(argv[3]);
    rng_state = strtoull(argv[4], NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
    const int qlen = atoi(argv[5]);
    const double seconds = atof(argv[6]);
    const int64_t access_ns_per_byte = 8, bottleneck_ns_per_byte = 80; /* 1 Gbit/s, 100 Mbit/s */
    const int64_t access_delay = 1000000, bottleneck_delay = 20000000;

    prctl(PR_SET_TIMERSLACK, 1UL);
    int fd_snd = open_tun(argv[1], "tsnd");
    int fd_rcv = open_tun(argv[2], "trcv");
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    printf("ready\n");
    fflush(stdout);

    fifo data = {calloc(RING, sizeof(packet)), 0, 0}, acks = {calloc(RING, sizeof(packet)), 0, 0};
    static int64_t done[RING]; /* when each packet the bottleneck accepted finishes its transmission */
    int done_head = 0, done_tail = 0;
    int64_t access_free = 0, bottleneck_free = 0, far_access_free = 0, back_free = 0;
    long data_packets = 0, ack_packets = 0, random_drops = 0, queue_drops = 0;
    const int64_t end = now_ns() + (int64_t) (seconds * 1e9);
    struct pollfd fds[2] = {{fd_snd, POLLIN, 0}, {fd_rcv, POLLIN, 0}};

    while (!stop && now_ns() < end) {
        int64_t now = now_ns();
        deliver(&data, fd_rcv, now);
        deliver(&acks, fd_snd, now);
        int64_t next = now + 100000000LL;
        if (data.head != data.tail && data.p[data.head].at < next) next = data.p[data.head].at;
        if (acks.head != acks.tail && acks.p[acks.head].at < next) next = acks.p[acks.head].at;
        int64_t wait = next - now_ns();
        if (wait < 0) wait = 0;
        struct timespec ts = {wait / 1000000000LL, wait % 1000000000LL};
        if (ppoll(fds, 2, &ts, NULL) <= 0) continue;
        if (fds[0].revents & POLLIN) {
            for (;;) { /* sender -> receiver */
                packet *p = slot(&data);
                int n = (int) read(fd_snd, p->b, BUF);
                if (n <= 0) break;
                int64_t t = now_ns();
                data_packets++;
                if (loss > 0 && uniform() < loss) {
                    random_drops++;
                    continue;
                }
                int64_t wire = n + 14;
                access_free = (t > access_free ? t : access_free) + wire * access_ns_per_byte;
                int64_t at_r1 = access_free + access_delay;
                while (done_head != done_tail && done[done_head] <= at_r1) done_head = (done_head + 1) % RING;
                int in_system = (done_tail - done_head + RING) % RING;
                if (in_system > qlen) { /* QLEN waiting and one being sent */
                    queue_drops++;
                    continue;
                }
                bottleneck_free = (at_r1 > bottleneck_free ? at_r1 : bottleneck_free) + wire * bottleneck_ns_per_byte;
                done[done_tail] = bottleneck_free;
                done_tail = (done_tail + 1) % RING;
                int64_t at_r2 = bottleneck_free + bottleneck_delay;
                far_access_free = (at_r2 > far_access_free ? at_r2 : far_access_free) + wire * access_ns_per_byte;
                p->at = far_access_free + access_delay;
                p->len = n;
                data.tail = (data.tail + 1) % RING;
            }
        }
        if (fds[1].revents & POLLIN) {
            for (;;) { /* receiver -> sender: the three links' serialization and delays */
                packet *p = slot(&acks);
                int n = (int) read(fd_rcv, p->b, BUF);
                if (n <= 0) break;
                int64_t t = now_ns();
                ack_packets++;
                int64_t wire = n + 14;
                back_free = (t > back_free ? t : back_free) + wire * access_ns_per_byte;
                p->at = back_free + access_delay + wire * bottleneck_ns_per_byte + bottleneck_delay
                        + wire * access_ns_per_byte + access_delay;
                p->len = n;
                acks.tail = (acks.tail + 1) % RING;
            }
        }
    }
    fprintf(stderr, "pathemu: data packets %ld, ACKs %ld, random drops %ld, queue drops %ld\n", data_packets,
            ack_packets, random_drops, queue_drops);
    return 0;
}
