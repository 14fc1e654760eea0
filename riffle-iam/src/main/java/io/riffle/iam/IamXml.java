package io.riffle.iam;

import io.riffle.aws.wire.QueryProtocol;
import io.riffle.aws.wire.XmlWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BiConsumer;

/** IAM's XML shapes of its entities (User, Group, Role, AccessKey, Policy) and lists. */
final class IamXml {

    private IamXml() {
    }

    static String date(long epochMs) {
        return QueryProtocol.timestamp(Instant.ofEpochMilli(epochMs));
    }

    /** IAM answers policy documents URL-encoded (RFC 3986), which the SDKs and the CLI decode. */
    static String policyText(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A user's, group's or role's members, inside the element the caller opened. */
    static void principal(XmlWriter w, String nameElement, String idElement, String arn, IamState.Principal p) {
        w.element("Path", p.path()).element(nameElement, p.name()).element(idElement, p.id())
                .element("Arn", arn).element("CreateDate", date(p.createdMs()));
    }

    static <T> void members(XmlWriter w, String element, Collection<T> items, BiConsumer<XmlWriter, T> item) {
        w.start(element);
        for (T each : items) {
            w.start("member");
            item.accept(w, each);
            w.end("member");
        }
        w.end(element);
        w.element("IsTruncated", "false");
    }
}
