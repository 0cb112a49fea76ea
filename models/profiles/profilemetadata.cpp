#include "profilemetadata.h"

#include "propertiesfile.h"

namespace OffsetLens {

QString metadataComment(const QString &field, const QString &value)
{
    return QLatin1Char('#') + QLatin1String(kMetadataPrefix) + javaPropertiesLine(field, value);
}

std::optional<MetadataEntry> parseMetadataComment(QStringView comment)
{
    const QStringView text = comment.trimmed();
    if (!text.startsWith(QLatin1String(kMetadataPrefix)))
        return std::nullopt;
    // The same reader as for a whole file, on this one line (a comment never continues).
    const PropertiesFile line = parseJavaProperties(text.mid(qsizetype(sizeof kMetadataPrefix) - 1).toUtf8());
    if (line.entries.size() != 1)
        return MetadataEntry{};
    return MetadataEntry{line.entries.constFirst().key, line.entries.constFirst().value};
}

} // namespace OffsetLens
