#include "secretstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace OffsetLens {

namespace {
// Field names of the JSON blob. Stable: they are what the keychain and the plain-text files hold.
const QLatin1String kSaslPassword("saslPassword");
const QLatin1String kOauthClientSecret("oauthClientSecret");
const QLatin1String kSslKeyPassword("sslKeyPassword");
const QLatin1String kProperties("properties");
} // namespace

SecretResult SecretResult::failure(SecretError error, const QString &message)
{
    SecretResult result;
    result.error = error;
    result.message = message;
    return result;
}

QJsonObject SecretCodec::toJson(const ProfileSecrets &secrets)
{
    QJsonObject object;
    // Only what is set, so an entry shows which kinds of secret a profile has and nothing else.
    if (!secrets.saslPassword.isEmpty())
        object.insert(kSaslPassword, secrets.saslPassword);
    if (!secrets.oauthClientSecret.isEmpty())
        object.insert(kOauthClientSecret, secrets.oauthClientSecret);
    if (!secrets.sslKeyPassword.isEmpty())
        object.insert(kSslKeyPassword, secrets.sslKeyPassword);
    if (!secrets.secretProperties.isEmpty()) {
        QJsonObject properties;
        for (auto it = secrets.secretProperties.cbegin(); it != secrets.secretProperties.cend(); ++it)
            properties.insert(it.key(), it.value());
        object.insert(kProperties, properties);
    }
    return object;
}

QByteArray SecretCodec::encode(const ProfileSecrets &secrets)
{
    return QJsonDocument(toJson(secrets)).toJson(QJsonDocument::Compact);
}

std::optional<ProfileSecrets> SecretCodec::fromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return std::nullopt;
    const QJsonObject object = json.toObject();
    const auto text = [&](QLatin1String key, QString *out) {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return true;
        if (!value.isString())
            return false;
        *out = value.toString();
        return true;
    };
    ProfileSecrets secrets;
    if (!text(kSaslPassword, &secrets.saslPassword) || !text(kOauthClientSecret, &secrets.oauthClientSecret) ||
        !text(kSslKeyPassword, &secrets.sslKeyPassword))
        return std::nullopt;
    const QJsonValue properties = object.value(kProperties);
    if (!properties.isUndefined()) {
        if (!properties.isObject())
            return std::nullopt;
        const QJsonObject map = properties.toObject();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            if (!it.value().isString())
                return std::nullopt;
            secrets.secretProperties.insert(it.key(), it.value().toString());
        }
    }
    return secrets;
}

std::optional<ProfileSecrets> SecretCodec::decode(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return fromJson(document.object());
}

void deliverSecretResult(const SecretCallback &done, const SecretResult &result)
{
    if (!done)
        return;
    // No context object: the single-shot timer belongs to the calling thread, so the callback runs there.
    QTimer::singleShot(0, [done, result] { done(result); });
}

SecretResult waitForSecretResult(const std::function<void(SecretCallback)> &start)
{
    // Shared, not captured by reference: a store may call back after this returns (it never should, but a late
    // keychain answer must not write into a dead stack frame).
    auto state = std::make_shared<std::pair<bool, SecretResult>>();
    QEventLoop loop;
    QPointer<QEventLoop> guard(&loop);
    start([state, guard](const SecretResult &result) {
        if (state->first)
            return;
        state->first = true;
        state->second = result;
        if (guard)
            guard->quit();
    });
    if (!state->first)
        loop.exec();
    return state->second;
}

} // namespace OffsetLens
