/**
 * The file policy (docs/design.md decision 10): which host files a scenario may read (its own folder)
 * and write (one output folder). It sits at the bottom of the stack beside {@code sim}, so the
 * scenario loader, the tools and the web server all ask the same rules.
 */
package dev.minternet.files;
