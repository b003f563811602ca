// The many-hosts UDP echo workload of `minternet bench manyhosts`, written for ns-3 (3.37,
// Debian's libns3-dev).
//
// H hosts on R = ceil(sqrt(H)) edge routers under one core router; host i on edge router
// i / ceil(H/R) over 1 Gbit/s, 1 ms; edge to core over 10 Gbit/s, 5 ms; every link its own /30
// from 10.0.0.0/8 (edge links first, then host links; the lower address on the router side of a
// host link, on the edge side of an uplink); global routing (Ipv4GlobalRoutingHelper); 100-packet
// DropTail device queues and no queue disc; IPv4 only, as in Minternet. Every host runs a UDP
// echo server on port 9 (RFC 862) and sends K 64-byte requests from one ephemeral-port socket,
// 1 s apart, the first at 1 s + U[0,1) s, each to a uniformly random other host. The run ends
// when no event is left.
//
// Prints the same "key: value" lines as `minternet bench manyhosts`, plus the part of the setup
// spent computing routes.
//
// Usage: manyhosts [--hosts=H] [--requests=K] [--seed=S]

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include "common.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace ns3;

namespace
{

const uint16_t kEchoPort = 9;
const uint32_t kPayload = 64;

uint64_t g_sent = 0;
uint64_t g_replies = 0;

/**
 * RFC 862 over UDP: every datagram goes back to where it came from. (ns-3's UdpEchoServer also
 * opens an IPv6 socket, which needs the IPv6 stack that this IPv4-only workload leaves out.)
 */
void
Echo(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        socket->SendTo(p, 0, from);
    }
}

/** One host's request loop: K requests to random peers, counting the echoes that come back. */
class EchoClient
{
  public:
    EchoClient(Ptr<Node> node, uint32_t self, uint32_t requests, const std::vector<Ipv4Address>& peers)
        : m_self(self),
          m_remaining(requests),
          m_peers(peers),
          m_random(CreateObject<UniformRandomVariable>()),
          m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        m_socket->Bind();
        m_socket->SetRecvCallback(MakeCallback(&EchoClient::Receive));
    }

    void Start()
    {
        Simulator::Schedule(Seconds(1 + m_random->GetValue(0, 1)), &EchoClient::Fire, this);
    }

  private:
    void Fire()
    {
        uint32_t n = m_peers.size();
        uint32_t peer = m_random->GetInteger(0, n - 2);
        if (peer >= m_self)
        {
            peer++;
        }
        m_socket->SendTo(Create<Packet>(kPayload), 0, InetSocketAddress(m_peers[peer], kEchoPort));
        g_sent++;
        if (--m_remaining > 0)
        {
            Simulator::Schedule(Seconds(1), &EchoClient::Fire, this);
        }
    }

    static void Receive(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            g_replies++;
        }
    }

    uint32_t m_self;
    uint32_t m_remaining;
    const std::vector<Ipv4Address>& m_peers;
    Ptr<UniformRandomVariable> m_random;
    Ptr<Socket> m_socket;
};

/** Assigns the next /30 of 10.0.0.0/8 to a link: .1 to its first device, .2 to its second. */
Ipv4InterfaceContainer
AssignSlash30(NetDeviceContainer link, uint32_t& nextNet)
{
    Ipv4AddressHelper ip;
    ip.SetBase(Ipv4Address(nextNet), "255.255.255.252");
    nextNet += 4;
    return ip.Assign(link);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t hosts = 10000;
    uint32_t requests = 10;
    uint32_t seed = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("hosts", "Number of hosts H", hosts);
    cmd.AddValue("requests", "Echo requests per host K", requests);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.Parse(argc, argv);
    if (hosts < 2 || seed < 1)
    {
        std::fprintf(stderr, "manyhosts: --hosts must be at least 2 and --seed at least 1\n");
        return 2;
    }

    auto t0 = std::chrono::steady_clock::now();
    RngSeedManager::SetSeed(seed);
    compare::UseHundredPacketDropTail();
    uint32_t routers = static_cast<uint32_t>(std::ceil(std::sqrt(static_cast<double>(hosts))));
    uint32_t perRouter = (hosts + routers - 1) / routers;

    Ptr<Node> core = CreateObject<Node>();
    NodeContainer edges;
    edges.Create(routers);
    NodeContainer hostNodes;
    hostNodes.Create(hosts);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(core);
    stack.Install(edges);
    stack.Install(hostNodes);

    PointToPointHelper uplink = compare::Link("10Gbps", "5ms");
    PointToPointHelper access = compare::Link("1Gbps", "1ms");

    uint32_t nextNet = 10u << 24;
    NetDeviceContainer all;
    for (uint32_t r = 0; r < routers; r++)
    {
        NetDeviceContainer link = uplink.Install(edges.Get(r), core);
        all.Add(link);
        AssignSlash30(link, nextNet);
    }
    std::vector<Ipv4Address> hostAddress(hosts);
    for (uint32_t i = 0; i < hosts; i++)
    {
        NetDeviceContainer link = access.Install(edges.Get(i / perRouter), hostNodes.Get(i));
        all.Add(link);
        hostAddress[i] = AssignSlash30(link, nextNet).GetAddress(1);
    }
    compare::RemoveQueueDiscs(all);
    auto tr = std::chrono::steady_clock::now();
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    double routing = compare::SecondsSince(tr);

    for (uint32_t i = 0; i < hosts; i++)
    {
        Ptr<Socket> echo = Socket::CreateSocket(hostNodes.Get(i), UdpSocketFactory::GetTypeId());
        echo->Bind(InetSocketAddress(Ipv4Address::GetAny(), kEchoPort));
        echo->SetRecvCallback(MakeCallback(&Echo));
    }
    std::vector<std::unique_ptr<EchoClient>> clients;
    if (requests > 0)
    {
        for (uint32_t i = 0; i < hosts; i++)
        {
            clients.push_back(std::make_unique<EchoClient>(hostNodes.Get(i), i, requests, hostAddress));
            clients.back()->Start();
        }
    }

    double setup = compare::SecondsSince(t0);
    auto t1 = std::chrono::steady_clock::now();
    Simulator::Run();
    double run = compare::SecondsSince(t1);
    uint64_t events = Simulator::GetEventCount();
    std::printf("hosts: %u\nrouters: %u\nsetup wall: %.3f s\nrouting wall: %.3f s\nrun wall: %.3f s\n", hosts,
                routers + 1, setup, routing, run);
    std::printf("requests sent: %llu\nreplies received: %llu\nevents executed: %llu\nsimulated: %.3f s\n",
                static_cast<unsigned long long>(g_sent), static_cast<unsigned long long>(g_replies),
                static_cast<unsigned long long>(events), Simulator::Now().GetSeconds());
    std::printf("events/s: %.2f M\npeak RSS: %s\n", events / run / 1e6, compare::PeakRss().c_str());
    clients.clear();
    Simulator::Destroy();
    return 0;
}
