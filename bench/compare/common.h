// What both ns-3 comparison programs share: the wall clock they report with, the peak resident
// set size, and the queueing that Minternet's links have (one 100-packet DropTail queue per
// device, nothing in front of it).
#ifndef MINTERNET_COMPARE_COMMON_H
#define MINTERNET_COMPARE_COMMON_H

#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace compare
{

/** Wall seconds since t0 (a benchmark figure, never a simulation input). */
inline double
SecondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/**
 * Peak resident set size of this process (VmHWM in /proc/self/status), written as Minternet's
 * ResourceUsage.mib writes it ("173 MiB"), or "n/a" where /proc is unavailable.
 */
inline std::string
PeakRss()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("VmHWM:", 0) == 0)
        {
            char text[32];
            std::snprintf(text, sizeof text, "%.0f MiB", std::stod(line.substr(6)) / 1024);
            return text;
        }
    }
    return "n/a";
}

/** Every device queue holds 100 packets, DropTail (set before the devices are created). */
inline void
UseHundredPacketDropTail()
{
    ns3::Config::SetDefault("ns3::DropTailQueue<Packet>::MaxSize", ns3::StringValue("100p"));
}

/** A point-to-point link of the given rate and one-way delay ("1Gbps", "1ms"). */
inline ns3::PointToPointHelper
Link(const std::string& rate, const std::string& delay)
{
    ns3::PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", ns3::StringValue(rate));
    link.SetChannelAttribute("Delay", ns3::StringValue(delay));
    return link;
}

/**
 * Removes the queue disc that Ipv4AddressHelper::Assign put in front of each device (FqCoDel in
 * ns-3 3.37), so that the device's own DropTail queue is the only buffer, as on Minternet's
 * links. Flow control stays on: a packet that finds the device queue full is then dropped by
 * the node's traffic-control layer (its TcDrop trace source).
 */
inline void
RemoveQueueDiscs(ns3::NetDeviceContainer devices)
{
    ns3::TrafficControlHelper().Uninstall(devices);
}

} // namespace compare

#endif
