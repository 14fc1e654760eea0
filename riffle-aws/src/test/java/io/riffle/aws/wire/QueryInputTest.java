package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.FormEncoding;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryInputTest {

    private static QueryInput form(String form) {
        return QueryInput.of(FormEncoding.decode(form));
    }

    @Test
    void membersListsAndMapsByTheirKeys() {
        QueryInput input = form("Action=CreateRole&RoleName=r&Tags.member.2.Key=b&Tags.member.1.Key=a"
                + "&Tags.member.1.Value=x&Tags.member.10.Key=j&Attributes.entry.1.key=k&Attributes.entry.1.value=v"
                + "&Names.1=n1&Names.2=n2&PolicyArns=");
        assertThat(input.string("RoleName")).isEqualTo("r");
        assertThat(input.string("Missing")).isNull();
        assertThat(input.listElements("Tags", "member", false))
                .containsExactly("Tags.member.1", "Tags.member.2", "Tags.member.10");
        assertThat(input.string("Tags.member.1.Value")).isEqualTo("x");
        assertThat(input.mapEntries("Attributes", false, "key", "value"))
                .containsExactly(new QueryInput.MapEntry("Attributes.entry.1.key", "Attributes.entry.1.value"));
        assertThat(input.listElements("Names", "member", true)).containsExactly("Names.1", "Names.2");
        assertThat(input.has("PolicyArns")).isTrue();
        assertThat(input.listElements("PolicyArns", "member", false)).isEmpty();
        assertThat(input.has("Tags")).isTrue();
        assertThat(input.has("Tag")).isFalse();
        assertThat(input.has("Other")).isFalse();
    }

    @Test
    void anIndexThatIsNoPositiveNumberIsNoElement() {
        QueryInput input = form("L.member.0=z&L.member.01=y&L.member.x=w&L.member.-1=v&L.member.3=c&L.member.1=a");
        assertThat(input.listElements("L", "member", false)).containsExactly("L.member.1", "L.member.3");
    }

    @Test
    void aNameSentTwiceCountsWithItsFirstValue() {
        assertThat(form("RoleName=first&RoleName=second").string("RoleName")).isEqualTo("first");
    }

    @Test
    void typedScalars() {
        QueryInput input = form("B=true&F=false&I=3600&L=9007199254740993&T=2026-12-04T05%3A00%3A00.123Z"
                + "&O=2026-12-04T07%3A00%3A00%2B02%3A00&Blob=AAEC%2F%2B8%3D");
        assertThat(input.bool("B")).isTrue();
        assertThat(input.bool("F")).isFalse();
        assertThat(input.integer("I")).isEqualTo(3600);
        assertThat(input.longValue("L")).isEqualTo(9007199254740993L);
        assertThat(input.timestamp("T")).isEqualTo(Instant.parse("2026-12-04T05:00:00.123Z"));
        assertThat(input.timestamp("O")).isEqualTo(Instant.parse("2026-12-04T05:00:00Z"));
        assertThat(input.blob("Blob")).containsExactly(0, 1, 2, 0xFF, 0xEF);
        assertThat(input.bool("none")).isNull();
        assertThat(input.integer("none")).isNull();
        assertThat(input.longValue("none")).isNull();
        assertThat(input.timestamp("none")).isNull();
        assertThat(input.blob("none")).isNull();
    }

    @Test
    void malformedScalarsNameTheirKey() {
        QueryInput input = form("B=yes&I=1.5&L=x&T=yesterday&Blob=%21%21");
        for (Runnable read : List.<Runnable>of(() -> input.bool("B"), () -> input.integer("I"),
                () -> input.longValue("L"), () -> input.timestamp("T"), () -> input.blob("Blob"))) {
            assertThatThrownBy(read::run).isInstanceOf(QueryInput.MalformedValueException.class);
        }
        assertThatThrownBy(() -> input.integer("I")).hasMessage("'1.5' at 'I' is not an integer")
                .extracting(e -> ((QueryInput.MalformedValueException) e).key()).isEqualTo("I");
    }
}
