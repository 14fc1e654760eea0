package io.riffle.triggers.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventPatternTest {
    private static boolean matches(String pattern, String event) throws Exception {
        return EventPattern.parse(pattern).matches(EventPattern.readJson(event.getBytes(StandardCharsets.UTF_8)));
    }

    /** pattern | event | matches; every operator of Lambda's grammar, each with a match and a miss. */
    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a": ["x"]}                                   | {"a": "x"}                  | true
            {"a": ["x"]}                                   | {"a": "X"}                  | false
            {"a": ["x"]}                                   | {"b": "x"}                  | false
            {"a": ["x", "y"]}                              | {"a": "y"}                  | true
            {"a": ["x"]}                                   | {"a": ["q", "x"]}           | true
            {"a": ["x"]}                                   | {"a": ["q", "r"]}           | false
            {"a": [""]}                                    | {"a": ""}                   | true
            {"a": [""]}                                    | {"a": "x"}                  | false
            {"a": [null]}                                  | {"a": null}                 | true
            {"a": [null]}                                  | {"a": "null"}               | false
            {"a": [null]}                                  | {}                          | false
            {"a": [true]}                                  | {"a": true}                 | true
            {"a": [true]}                                  | {"a": "true"}               | false
            {"a": [100]}                                   | {"a": 100.0}                | true
            {"a": [100]}                                   | {"a": "100"}                | false
            {"a": [{"prefix": "us-"}]}                     | {"a": "us-east-1"}          | true
            {"a": [{"prefix": "us-"}]}                     | {"a": "eu-west-1"}          | false
            {"a": [{"prefix": "1"}]}                       | {"a": 12}                   | false
            {"a": [{"suffix": ".png"}]}                    | {"a": "cat.png"}            | true
            {"a": [{"suffix": ".png"}]}                    | {"a": "cat.PNG"}            | false
            {"a": [{"equals-ignore-case": "alice"}]}       | {"a": "ALICE"}              | true
            {"a": [{"equals-ignore-case": "alice"}]}       | {"a": "alic"}               | false
            {"a": [{"anything-but": "rain"}]}              | {"a": "sun"}                | true
            {"a": [{"anything-but": "rain"}]}              | {"a": "rain"}               | false
            {"a": [{"anything-but": "rain"}]}              | {}                          | false
            {"a": [{"anything-but": ["rain", "snow"]}]}    | {"a": "snow"}               | false
            {"a": [{"anything-but": ["rain", "snow"]}]}    | {"a": "hail"}               | true
            {"a": [{"anything-but": [1, 2]}]}              | {"a": 2.0}                  | false
            {"a": [{"anything-but": [1, 2]}]}              | {"a": 3}                    | true
            {"a": [{"anything-but": {"prefix": "us-"}}]}   | {"a": "us-west-2"}          | false
            {"a": [{"anything-but": {"prefix": "us-"}}]}   | {"a": "eu-west-2"}          | true
            {"a": [{"anything-but": {"suffix": ".tmp"}}]}  | {"a": "x.tmp"}              | false
            {"a": [{"anything-but": {"equals-ignore-case": "x"}}]} | {"a": "X"}          | false
            {"a": [{"numeric": ["=", 100]}]}               | {"a": 100}                  | true
            {"a": [{"numeric": ["=", 100]}]}               | {"a": 100.5}                | false
            {"a": [{"numeric": ["<", 10]}]}                | {"a": 9.999}                | true
            {"a": [{"numeric": ["<", 10]}]}                | {"a": 10}                   | false
            {"a": [{"numeric": ["<=", 10]}]}               | {"a": 10}                   | true
            {"a": [{"numeric": [">", 10]}]}                | {"a": 10}                   | false
            {"a": [{"numeric": [">=", 10]}]}               | {"a": 10}                   | true
            {"a": [{"numeric": [">", 10, "<=", 20]}]}      | {"a": 20}                   | true
            {"a": [{"numeric": [">", 10, "<=", 20]}]}      | {"a": 10}                   | false
            {"a": [{"numeric": [">", 10, "<=", 20]}]}      | {"a": 20.001}               | false
            {"a": [{"numeric": [">=", -1.5, "<", 0]}]}     | {"a": -1.5}                 | true
            {"a": [{"numeric": [">", 0]}]}                 | {"a": "5"}                  | false
            {"a": [{"exists": true}]}                      | {"a": "x"}                  | true
            {"a": [{"exists": true}]}                      | {"b": "x"}                  | false
            {"a": [{"exists": true}]}                      | {"a": {"b": 1}}             | false
            {"a": [{"exists": false}]}                     | {"b": "x"}                  | true
            {"a": [{"exists": false}]}                     | {"a": 0}                    | false
            {"a": {"b": ["x"]}}                            | {"a": {"b": "x"}}           | true
            {"a": {"b": ["x"]}}                            | {"a": {"b": "y"}}           | false
            {"a": {"b": ["x"]}}                            | {"a": "b"}                  | false
            {"a": {"b": [{"exists": false}]}}              | {}                          | true
            {"a": ["x"], "b": ["y"]}                       | {"a": "x", "b": "y"}        | true
            {"a": ["x"], "b": ["y"]}                       | {"a": "x", "b": "z"}        | false
            {"$or": [{"a": ["x"]}, {"b": ["y"]}]}          | {"a": "q", "b": "y"}        | true
            {"$or": [{"a": ["x"]}, {"b": ["y"]}]}          | {"a": "q", "b": "q"}        | false
            {"c": [1], "$or": [{"a": ["x"]}, {"b": ["y"]}]} | {"a": "x", "c": 2}         | false
            {}                                             | {"a": 1}                    | true
            """)
    void matchesAsLambdaDocuments(String pattern, String event, boolean expected) throws Exception {
        assertThat(matches(pattern, event)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[]", "\"a\"", "{\"a\": \"x\"}", "{\"a\": 1}", "{\"a\": []}", "{\"a\": [[1]]}",
            "{\"a\": [{}]}", "{\"a\": [{\"prefix\": \"x\", \"suffix\": \"y\"}]}", "{\"a\": [{\"prefix\": 1}]}",
            "{\"a\": [{\"suffix\": null}]}", "{\"a\": [{\"equals-ignore-case\": [\"x\"]}]}",
            "{\"a\": [{\"wildcard\": \"x*\"}]}", "{\"a\": [{\"exists\": \"true\"}]}",
            "{\"a\": [{\"anything-but\": []}]}", "{\"a\": [{\"anything-but\": [true]}]}",
            "{\"a\": [{\"anything-but\": {\"exists\": true}}]}", "{\"a\": [{\"anything-but\": null}]}",
            "{\"a\": [{\"numeric\": [\"=\"]}]}", "{\"a\": [{\"numeric\": [\"==\", 1]}]}",
            "{\"a\": [{\"numeric\": [\">\", \"1\"]}]}", "{\"a\": [{\"numeric\": [\"<\", 5, \">\", 1]}]}",
            "{\"a\": [{\"numeric\": [\">\", 5, \"<\", 1]}]}", "{\"a\": [{\"numeric\": [\">\", 1, \"<\", 5, \"=\", 3]}]}",
            "{\"$or\": [{\"a\": [\"x\"]}]}", "{\"$or\": {\"a\": [\"x\"]}}", "{\"$or\": [{\"a\": [\"x\"]}, \"b\"]}",
            "{\"a\": [\"x\"]} {}"})
    void refusesWhatTheGrammarDoesNotHave(String pattern) {
        assertThatThrownBy(() -> EventPattern.parse(pattern)).isInstanceOf(InvalidPatternException.class);
    }

    @Test
    void namesTopLevelFieldsIncludingThoseInOr() {
        assertThat(EventPattern.parse("{\"data\": {\"x\": [1]}}").names("data")).isTrue();
        assertThat(EventPattern.parse("{\"$or\": [{\"data\": [\"a\"]}, {\"partitionKey\": [\"k\"]}]}").names("data"))
                .isTrue();
        assertThat(EventPattern.parse("{\"partitionKey\": [\"k\"], \"x\": {\"data\": [1]}}").names("data")).isFalse();
    }
}
