#pragma once

#include "connectionprofile.h"
#include "keymaterial.h"

#include <QList>
#include <QString>

namespace OffsetLens {

// The field of the profile editor a problem belongs to, so the dialog can mark it.
enum class ProfileField
{
    Name,
    Colour,
    BootstrapServers,
    SecurityProtocol,
    SaslMechanism,
    SaslUsername,
    SaslPassword,
    OAuthClientId,
    OAuthClientSecret,
    OAuthTokenEndpoint,
    OAuthExtensions,
    KerberosPrincipal,
    KerberosKeytab,
    SslCaFile,
    SslCertificateFile,
    SslKeyFile,
    SslKeyPassword,
    SecretsFile,
    ClientProperties,
    RequestTimeout,
    RefreshInterval,
};

enum class ProblemSeverity
{
    Error,   // the profile cannot connect like this (or cannot be saved)
    Warning, // it may work, but probably not as meant
};

struct ProfileProblem
{
    ProfileField field = ProfileField::Name;
    ProblemSeverity severity = ProblemSeverity::Error;
    QString message; // plain words, for the user; names no secret

    friend bool operator==(const ProfileProblem &, const ProfileProblem &) = default;
};

// Everything wrong with `profile`, field by field, for validation as the user types: cheap, and the files named
// are read through `probe` (at most kFileProbeBytes each). Only what the chosen protocol and mechanism use is
// checked. Secrets are only required when they are kept (not with SecretStorage::AskEachTime). The demo profile's
// bootstrap servers are not checked: they are filled in when it starts.
// The file reads are quick on local disks; on a network share, run it off the GUI thread or pass a caching probe.
QList<ProfileProblem> validateProfile(const ConnectionProfile &profile, const FileProbe &probe = probeFile);

// bootstrap.servers alone: `host:port[,host:port...]`, IPv6 in brackets ("[::1]:9092"), ports 1-65535.
QList<ProfileProblem> validateBootstrapServers(const QString &servers);

bool hasErrors(const QList<ProfileProblem> &problems);

} // namespace OffsetLens
