package dev.minternet.routing.bgp;

/**
 * The AS a node belongs to: its scenario {@code as:}, attached to the node
 * ({@code node.service(AutonomousSystem.class)}) whether or not it speaks BGP, so tools can name a
 * router's AS (traceroute -A) even when it originates no prefix covering the address asked about.
 *
 * @param number the AS number (1 to 4294967295)
 */
public record AutonomousSystem(long number) {
}
