#pragma once

#include "connectionprofile.h"

#include <QByteArray>

namespace OffsetLens {

enum class ExportFormat
{
    Librdkafka,     // kcat -F / ~/.config/kcat.conf and any librdkafka client
    JavaProperties, // a Java client's client.properties (--command-config of Kafka's tools)
};

// `profile` as a configuration file WITHOUT its secrets: a comment line names the keys left out. OffsetLens's own
// settings (name, colour, timeouts, flags, pinned groups, and for Java the librdkafka properties Java has no name
// for) travel in "#offsetlens." comment lines that other tools skip, so that importing the file with
// importLibrdkafkaConfig() or importJavaProperties() gives the profile back without its secrets. Not exported:
// id, the secret storage choice and its file (both belong to this machine), isDemo, and fields the profile's
// protocol and mechanism do not use. Java needs a client certificate and its key in one PEM file; when the profile
// names two files, the Java file says how to join them.
QByteArray exportProfile(const ConnectionProfile &profile, ExportFormat format);

} // namespace OffsetLens
