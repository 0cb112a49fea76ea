#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace OffsetLens {

// An exported profile carries OffsetLens's own settings (name, colour, refresh, flags, pinned groups) in comment
// lines that kcat, librdkafka and Java skip: "#offsetlens.name=Production EU". The part after the prefix is one
// Java properties line, escaped the same way, so any value survives in either file format.
inline constexpr char kMetadataPrefix[] = "offsetlens.";

struct MetadataEntry
{
    QString field; // "name", "pinned.group", "librdkafka.client.id"...
    QString value;
};

// The whole comment line, '#' included.
QString metadataComment(const QString &field, const QString &value);
// `comment` is the text after '#'. nullopt when it is an ordinary comment; a malformed escape gives an entry with
// an empty field.
std::optional<MetadataEntry> parseMetadataComment(QStringView comment);

} // namespace OffsetLens
