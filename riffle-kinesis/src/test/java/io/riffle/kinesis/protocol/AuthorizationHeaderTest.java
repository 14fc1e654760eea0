package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {
    private static final List<String> PIECES = List.of(",", " ", "=", "\t", "AWS4-HMAC-SHA256", "Credential",
            "Signature", "SignedHeaders", "Credentials", "x", "a/b", "==", " Signature=c");

    /** Seeded random headers of the pieces that matter, against the words-and-map reading the scanner replaced. */
    @Test
    void theScanReadsEveryHeaderAsSplittingItIntoWordsDid() {
        Random random = new Random(17);
        int wellFormed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(i % 2 == 0 ? "AWS4- Credential=a SignedHeaders=b " : "");
            for (int n = random.nextInt(14); n > 0; n--) {
                header.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            boolean hasDate = random.nextInt(4) != 0;
            String h = header.toString();
            String expected = bySplitting(h, hasDate);
            assertThat(AuthorizationHeader.incompleteSignatureMessage(h, hasDate)).as("[%s]", h).isEqualTo(expected);
            wellFormed += expected == null ? 1 : 0;
        }
        assertThat(wellFormed).as("well-formed headers among them").isGreaterThan(100);
    }

    @Test
    void aLaterWordOfAKeyWinsAndAValueEndsAtTheNextEquals() {
        assertThat(AuthorizationHeader.incompleteSignatureMessage(
                "AWS4- Credential=a Credential= SignedHeaders=b,Signature=c", true))
                .startsWith("Authorization header requires 'Credential' parameter. Authorization=");
        assertThat(AuthorizationHeader.incompleteSignatureMessage("AWS4- Credential==a SignedHeaders=b Signature=c",
                true)).startsWith("Authorization header requires 'Credential' parameter. Authorization=");
        assertThat(AuthorizationHeader.incompleteSignatureMessage("AWS4- Credential=a=b SignedHeaders=b Signature=c",
                true)).isNull();
    }

    /** The reading before the scan: words split by a regular expression into a map, a later key winning. */
    private static String bySplitting(String authorization, boolean hasDateHeader) {
        Map<String, String> parameters = new HashMap<>();
        String[] words = authorization.split("[, ]", -1);
        for (int i = 1; i < words.length; i++) {
            if (words[i].isEmpty()) {
                continue;
            }
            String[] keyValue = words[i].trim().split("=", -1);
            parameters.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
        }
        StringBuilder message = new StringBuilder();
        for (String parameter : List.of("Credential", "Signature", "SignedHeaders")) {
            if (parameters.getOrDefault(parameter, "").isEmpty()) {
                message.append("Authorization header requires '").append(parameter).append("' parameter. ");
            }
        }
        if (!hasDateHeader) {
            message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        return message.isEmpty() ? null : message.append("Authorization=").append(authorization).toString();
    }
}
