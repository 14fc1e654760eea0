package io.riffle.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Java names for model names: members, enum constants, types that would hide a name the sources use. */
class NamesTest {

    @Test
    void membersTakeJavaCaseAndAvoidKeywordsAndRecordMethods() {
        assertThat(Names.member("StreamName")).isEqualTo("streamName");
        assertThat(Names.member("StreamARN")).isEqualTo("streamARN");
        assertThat(Names.member("UUID")).isEqualTo("uuid");
        assertThat(Names.member("ARNPrefix")).isEqualTo("arnPrefix");
        assertThat(Names.member("Default")).isEqualTo("defaultValue");
        assertThat(Names.member("HashCode")).isEqualTo("hashCodeValue");
        assertThat(Names.lowerFirst("UUID")).isEqualTo("uUID");
    }

    @Test
    void enumConstantsAreUpperSnakeCase() {
        assertThat(Names.constant("AT_SEQUENCE_NUMBER")).isEqualTo("AT_SEQUENCE_NUMBER");
        assertThat(Names.constant("IncomingBytes")).isEqualTo("INCOMING_BYTES");
        assertThat(Names.constant("python3.12")).isEqualTo("PYTHON3_12");
        assertThat(Names.constant("*")).isEqualTo("VALUE_");
        assertThat(Names.constant("2xx")).isEqualTo("VALUE_2XX");
    }

    @Test
    void typesDoNotHideNamesTheSourcesUse() {
        Names names = new Names();
        assertThat(names.type("Record")).isEqualTo("Record");
        assertThat(names.type("String")).isEqualTo("StringShape");
        assertThat(names.type("Builder")).isEqualTo("BuilderShape");
        assertThat(names.type("policyDocumentType")).isEqualTo("PolicyDocumentType");
        assertThat(names.type("PolicyDocumentType")).isEqualTo("PolicyDocumentType_");
    }

    @Test
    void literalsAreEscaped() {
        assertThat(Names.literal("a\"b\\c\n\u00e9")).isEqualTo("\"a\\\"b\\\\c\\n\\u00e9\"");
        assertThat(Names.literal(null)).isEqualTo("null");
    }

    @Test
    void enumOrderIsParsed() {
        assertThat(Generator.parseEnumOrder("A=X, Y,Z;B=Q")).containsEntry("A", java.util.List.of("X", "Y", "Z"))
                .containsEntry("B", java.util.List.of("Q"));
        assertThat(Generator.parseEnumOrder(null)).isEmpty();
    }
}
