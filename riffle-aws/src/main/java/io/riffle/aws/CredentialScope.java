package io.riffle.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * The SigV4 credential a request names: {@code <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request}.
 * Signed requests carry it in the {@code Authorization} header
 * ({@code AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=..., Signature=...}),
 * presigned URLs in the {@code X-Amz-Credential} query parameter.
 *
 * <p>Only the credential's shape is read here; whether the signature is right is the
 * {@link io.riffle.aws.auth.Authenticator}'s business.
 */
public record CredentialScope(String accessKeyId, String date, String region, String service) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    static final String CREDENTIAL_PARAMETER = "X-Amz-Credential";
    private static final String CREDENTIAL_KEY = "Credential=";

    public CredentialScope {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
    }

    /** The scope {@code request} names: its Authorization header's, else its presigned query's; empty when neither has a well-formed one. */
    public static Optional<CredentialScope> of(AwsRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null) {
            return fromAuthorization(authorization);
        }
        String credential = request.queryParameter(CREDENTIAL_PARAMETER);
        return credential == null ? Optional.empty() : parse(credential);
    }

    /** The scope in an {@code Authorization} header of algorithm {@value #ALGORITHM}; empty for another algorithm or a malformed credential. */
    public static Optional<CredentialScope> fromAuthorization(String authorization) {
        String trimmed = authorization.trim();
        if (!trimmed.startsWith(ALGORITHM + " ")) {
            return Optional.empty();
        }
        // The parameters after the algorithm, separated by commas and/or blanks, in any order. Scanned by hand:
        // every request reads its scope (routing, authentication, audit), and a regex split compiled a Pattern
        // each time (JFR, PutRecords ingest).
        int end = trimmed.length();
        int word = ALGORITHM.length();
        while (word < end) {
            while (word < end && isSeparator(trimmed.charAt(word))) {
                word++;
            }
            int wordEnd = word;
            while (wordEnd < end && !isSeparator(trimmed.charAt(wordEnd))) {
                wordEnd++;
            }
            if (wordEnd > word && trimmed.startsWith(CREDENTIAL_KEY, word)) {
                return parse(trimmed.substring(word + CREDENTIAL_KEY.length(), wordEnd));
            }
            word = wordEnd;
        }
        return Optional.empty();
    }

    /** A comma or what {@code \\s} matches: the separators of an Authorization header's parameters. */
    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** {@code AKID/date/region/service/aws4_request}; empty when a part is missing or empty, or the terminator is wrong. */
    public static Optional<CredentialScope> parse(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !TERMINATOR.equals(parts[4])) {
            return Optional.empty();
        }
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty()) {
                return Optional.empty();
            }
        }
        if (parts[1].length() != 8 || !parts[1].chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(new CredentialScope(parts[0], parts[1], parts[2], parts[3]));
    }

    /** The credential as written in a request. */
    @Override
    public String toString() {
        return accessKeyId + "/" + date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
}
