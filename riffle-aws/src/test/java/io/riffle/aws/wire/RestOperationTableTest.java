package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestOperationTableTest {

    private static final Map<String, List<String>> NO_QUERY = Map.of();

    /** Lambda's event-source-mapping operations, as its model binds them. */
    private final RestOperationTable<String> mappings = new RestOperationTable<String>()
            .add("POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping")
            .add("GET", "/2015-03-31/event-source-mappings", "ListEventSourceMappings")
            .add("GET", "/2015-03-31/event-source-mappings/{UUID}", "GetEventSourceMapping")
            .add("PUT", "/2015-03-31/event-source-mappings/{UUID}", "UpdateEventSourceMapping")
            .add("DELETE", "/2015-03-31/event-source-mappings/{UUID}", "DeleteEventSourceMapping");

    @Test
    void findsTheOperationByMethodAndPath() {
        assertThat(mappings.find("GET", "/2015-03-31/event-source-mappings", Map.of("FunctionName", List.of("f"))))
                .isEqualTo(new RestOperationTable.Found<>("ListEventSourceMappings", Map.of()));
        assertThat(mappings.find("DELETE", "/2015-03-31/event-source-mappings/u-1", NO_QUERY))
                .isEqualTo(new RestOperationTable.Found<>("DeleteEventSourceMapping", Map.of("UUID", "u-1")));
        assertThat(mappings.find("PATCH", "/2015-03-31/event-source-mappings/u-1", NO_QUERY)).isNull();
        assertThat(mappings.find("GET", "/2015-03-31/functions", NO_QUERY)).isNull();
    }

    @Test
    void saysWhichMethodsAPathTakes() {
        assertThat(mappings.methodsAt("/2015-03-31/event-source-mappings/u-1", NO_QUERY))
                .containsExactly("DELETE", "GET", "PUT");
        assertThat(mappings.methodsAt("/2015-03-31/event-source-mappings", NO_QUERY)).containsExactly("GET", "POST");
        assertThat(mappings.methodsAt("/nowhere", NO_QUERY)).isEmpty();
    }

    @Test
    void theMostSpecificTemplateWins() {
        RestOperationTable<String> table = new RestOperationTable<String>()
                .add("GET", "/{Bucket}/{Key+}", "GetObject")
                .add("GET", "/{Bucket}/{Prefix}", "GetOne")
                .add("GET", "/{Bucket}/special", "GetSpecial")
                .add("GET", "/f/{Name}/pc", "GetPc")
                .add("GET", "/f/{Name}/pc?List=ALL", "ListPc");
        assertThat(table.find("GET", "/b/special", NO_QUERY).operation()).isEqualTo("GetSpecial");
        assertThat(table.find("GET", "/b/other", NO_QUERY).operation()).isEqualTo("GetOne");
        assertThat(table.find("GET", "/b/a/b", NO_QUERY).operation()).isEqualTo("GetObject");
        assertThat(table.find("GET", "/f/x/pc", Map.of("List", List.of("ALL"))).operation()).isEqualTo("ListPc");
        assertThat(table.find("GET", "/f/x/pc", NO_QUERY).operation()).isEqualTo("GetPc");
    }

    @Test
    void anOperationTwiceAtOneMethodAndTemplateIsRefused() {
        assertThatThrownBy(() -> mappings.add("GET", "/2015-03-31/event-source-mappings/{UUID}", "Again"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GetEventSourceMapping");
    }
}
