/**
 * The quantities people write in scenarios and on command lines (durations, bit rates,
 * probabilities, sizes), parsed with one-line errors. It sits at the bottom of the stack beside
 * {@code sim}, so the scenario loader, the command-line checks and the tools' options (a
 * duration, {@code nc -b SIZE}) all read a quantity the same way.
 */
package dev.minternet.units;
