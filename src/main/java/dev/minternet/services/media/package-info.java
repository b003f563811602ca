/**
 * Real-time media over RTP (RFC 3550): a sender that cuts frames of a given bitrate and frame
 * rate into RTP packets, a receiver with a playout deadline that counts frames on time, late and
 * lost, RTCP sender and receiver reports (loss, interarrival jitter, round-trip time), over UDP or
 * over TCP with RFC 4571 framing. See {@link dev.minternet.services.media.RtpSender} and
 * {@link dev.minternet.services.media.RtpReceiver}.
 */
package dev.minternet.services.media;
