// The TCP dumbbell of `minternet bench dumbbell`, written for ns-3 (3.37, Debian's libns3-dev).
//
// N sender hosts on router A, a 100 Mbit/s, 20 ms bottleneck from A to router B, N receiver hosts
// on B; access links 1 Gbit/s, 1 ms; 100-packet DropTail queues on every device and no queue disc
// (ns-3 would otherwise put a FqCoDel queue disc in front of each device); global routing; IPv4
// only, as in Minternet.
// Sockets as Minternet's benchmark sets them: MSS 1448 (MTU 1500 with timestamps), SACK,
// timestamps and window scaling on, 128 KiB send and receive buffers, initial window 10, Nagle
// on, delayed ACK 40 ms, minimum RTO 200 ms, PRR recovery. Every flow is a BulkSendApplication
// (unbounded) into a PacketSink, all starting at t = 0 and running for T simulated seconds;
// goodput counts bytes the sinks received.
//
// Prints the same "key: value" lines as `minternet bench dumbbell`, so bench/compare/run.sh reads
// both sides with one parser.
//
// Usage: dumbbell [--flows=N] [--sim-time=T] [--cc=newreno|cubic] [--seed=S]

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include "common.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace ns3;

namespace
{

const uint16_t kPort = 5001;
const uint32_t kMss = 1448;
const uint32_t kBuffer = 128 * 1024;

// 10.(net + i/256).(i%256).host/24: one /24 per access link, as Dumbbell.addr does.
Ipv4Address
AccessNetwork(uint32_t net, uint32_t i)
{
    uint32_t a = (10u << 24) | ((net + (i >> 8)) << 16) | ((i & 0xff) << 8);
    return Ipv4Address(a);
}

uint32_t g_bottleneckDrops = 0;

// Router A's traffic-control drops: every one is at the bottleneck, since A's access links to
// the senders carry only ACKs at 1 Gbit/s.
void
CountDrop(Ptr<const Packet>)
{
    g_bottleneckDrops++;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t flows = 10;
    double simTime = 10;
    std::string cc = "newreno";
    uint32_t seed = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("flows", "Number of flows N", flows);
    cmd.AddValue("sim-time", "Simulated seconds T", simTime);
    cmd.AddValue("cc", "Congestion control: newreno or cubic", cc);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.Parse(argc, argv);
    if (flows < 1 || simTime <= 0 || (cc != "newreno" && cc != "cubic") || seed < 1)
    {
        std::fprintf(stderr, "dumbbell: --flows >= 1, --sim-time > 0, --cc newreno|cubic, --seed >= 1\n");
        return 2;
    }

    auto t0 = std::chrono::steady_clock::now();
    RngSeedManager::SetSeed(seed);
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       StringValue(cc == "cubic" ? "ns3::TcpCubic" : "ns3::TcpNewReno"));
    Config::SetDefault("ns3::TcpL4Protocol::RecoveryType", StringValue("ns3::TcpPrrRecovery"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(kMss));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(kBuffer));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(kBuffer));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(10));
    Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(MilliSeconds(40)));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(true));
    compare::UseHundredPacketDropTail();

    NodeContainer routers;
    routers.Create(2);
    NodeContainer senders;
    senders.Create(flows);
    NodeContainer receivers;
    receivers.Create(flows);

    PointToPointHelper bottleneck = compare::Link("100Mbps", "20ms");
    PointToPointHelper access = compare::Link("1Gbps", "1ms");

    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(routers);
    stack.Install(senders);
    stack.Install(receivers);

    NetDeviceContainer all;
    Ipv4AddressHelper ip;
    NetDeviceContainer ab = bottleneck.Install(routers.Get(0), routers.Get(1));
    all.Add(ab);
    ip.SetBase("10.0.0.0", "255.255.255.0");
    ip.Assign(ab);
    std::vector<Ipv4Address> receiverAddress(flows);
    for (uint32_t i = 0; i < flows; i++)
    {
        NetDeviceContainer s = access.Install(senders.Get(i), routers.Get(0));
        all.Add(s);
        ip.SetBase(AccessNetwork(1, i), "255.255.255.0");
        ip.Assign(s); // sender .1, router .2
        NetDeviceContainer r = access.Install(receivers.Get(i), routers.Get(1));
        all.Add(r);
        ip.SetBase(AccessNetwork(101, i), "255.255.255.0");
        receiverAddress[i] = ip.Assign(r).GetAddress(0); // receiver .1, router .2
    }
    compare::RemoveQueueDiscs(all);
    if (!routers.Get(0)->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
            "TcDrop", MakeCallback(&CountDrop)))
    {
        std::fprintf(stderr, "dumbbell: no TcDrop trace source on TrafficControlLayer\n");
        return 1;
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    std::vector<Ptr<PacketSink>> sinks(flows);
    for (uint32_t i = 0; i < flows; i++)
    {
        PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), kPort));
        ApplicationContainer sa = sink.Install(receivers.Get(i));
        sa.Start(Seconds(0));
        sinks[i] = DynamicCast<PacketSink>(sa.Get(0));
        BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(receiverAddress[i], kPort));
        source.SetAttribute("MaxBytes", UintegerValue(0));
        source.SetAttribute("SendSize", UintegerValue(kMss));
        ApplicationContainer ba = source.Install(senders.Get(i));
        ba.Start(Seconds(0));
    }

    double setup = compare::SecondsSince(t0);
    auto t1 = std::chrono::steady_clock::now();
    Simulator::Stop(Seconds(simTime));
    Simulator::Run();
    double run = compare::SecondsSince(t1);

    double total = 0;
    double squares = 0;
    for (const auto& s : sinks)
    {
        double x = s->GetTotalRx();
        total += x;
        squares += x * x;
    }
    Ptr<Queue<Packet>> q = DynamicCast<PointToPointNetDevice>(ab.Get(0))->GetQueue();
    uint32_t dropped = g_bottleneckDrops + q->GetTotalDroppedPackets();
    uint32_t forwarded = q->GetTotalReceivedPackets() - q->GetNPackets();
    std::printf("flows: %u\ncongestion control: %s\nsimulated: %.3f s\n", flows, cc.c_str(), simTime);
    std::printf("goodput: %.2f Mbit/s\njain fairness: %.3f\n", total * 8 / simTime / 1e6,
                squares == 0 ? 0 : total * total / (flows * squares));
    std::printf("bottleneck forwarded: %u packets\nbottleneck dropped: %u packets\n", forwarded, dropped);
    std::printf("events executed: %llu\n", static_cast<unsigned long long>(Simulator::GetEventCount()));
    std::printf("setup wall: %.3f s\nrun wall: %.3f s\npeak RSS: %s\n", setup, run, compare::PeakRss().c_str());
    Simulator::Destroy();
    return 0;
}
