package io.riffle.dynamodb.expr;

import io.riffle.dynamodb.DynamoDbException;
import io.riffle.dynamodb.item.AttributeValue;
import io.riffle.dynamodb.item.DynamoNumber;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates conditions on an item, applies update actions to one, and projects one; pure
 * functions over immutable {@link AttributeValue}s (items are maps, null meaning "no item").
 *
 * <p>Comparison semantics are DynamoDB's: a missing attribute makes {@code =, <, <=, >, >=,
 * BETWEEN, IN} false and {@code <>} true; values of different types are unequal and unordered;
 * ordering applies to S (UTF-8 bytes), N and B only.
 */
public final class Evaluator {
    private Evaluator() {
    }

    // ---- reading paths

    /** The value at {@code path} in {@code item}, or null. */
    public static AttributeValue get(Map<String, AttributeValue> item, Path path) {
        if (item == null) {
            return null;
        }
        AttributeValue current = item.get(path.attribute());
        for (Path.Element element : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            current = switch (element) {
                case Path.Name name -> current instanceof AttributeValue.M m ? m.value().get(name.name()) : null;
                case Path.Index index -> current instanceof AttributeValue.L l && index.index() < l.value().size()
                        ? l.value().get(index.index()) : null;
            };
        }
        return current;
    }

    // ---- conditions

    public static boolean matches(Ast.Condition condition, Map<String, AttributeValue> item) {
        return switch (condition) {
            case Ast.And and -> matches(and.left(), item) && matches(and.right(), item);
            case Ast.Or or -> matches(or.left(), item) || matches(or.right(), item);
            case Ast.Not not -> !matches(not.condition(), item);
            case Ast.Compare compare -> compare(compare.comparator(), value(compare.left(), item),
                    value(compare.right(), item));
            case Ast.Between between -> {
                AttributeValue v = value(between.value(), item);
                AttributeValue low = value(between.low(), item);
                AttributeValue high = value(between.high(), item);
                if (low != null && high != null && AttributeValue.isOrderedWith(low, high)
                        && AttributeValue.compare(low, high) > 0) {
                    throw DynamoDbException.validation("Invalid ConditionExpression: The BETWEEN operator requires upper "
                            + "bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {"
                            + low.type() + ":" + low + "}, upper bound operand: AttributeValue: {" + high.type() + ":"
                            + high + "}");
                }
                yield compare(Ast.Comparator.GE, v, low) && compare(Ast.Comparator.LE, v, high);
            }
            case Ast.In in -> {
                AttributeValue v = value(in.value(), item);
                boolean found = false;
                for (Ast.Operand candidate : in.candidates()) {
                    found |= v != null && v.equals(value(candidate, item));
                }
                yield found;
            }
            case Ast.Function function -> function(function, item);
        };
    }

    private static boolean function(Ast.Function function, Map<String, AttributeValue> item) {
        Path path = ((Ast.PathOperand) function.arguments().get(0)).path();
        AttributeValue target = get(item, path);
        return switch (function.name()) {
            case "attribute_exists" -> target != null;
            case "attribute_not_exists" -> target == null;
            case "attribute_type" -> {
                AttributeValue type = value(function.arguments().get(1), item);
                if (!(type instanceof AttributeValue.S s) || !Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L",
                        "M").contains(s.value())) {
                    throw DynamoDbException.validation("Invalid ConditionExpression: Invalid attribute type name found; "
                            + "type: " + (type instanceof AttributeValue.S s2 ? s2.value() : String.valueOf(type))
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                yield target != null && target.type().equals(s.value());
            }
            case "begins_with" -> {
                AttributeValue prefix = value(function.arguments().get(1), item);
                if (target instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
                    yield s.value().startsWith(p.value());
                }
                if (target instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
                    yield b.value().startsWith(p.value());
                }
                if (prefix != null && !(prefix instanceof AttributeValue.S) && !(prefix instanceof AttributeValue.B)) {
                    throw DynamoDbException.validation("Invalid ConditionExpression: Incorrect operand type for operator "
                            + "or function; operator or function: begins_with, operand type: " + prefix.type());
                }
                yield false;
            }
            case "contains" -> {
                AttributeValue operand = value(function.arguments().get(1), item);
                yield switch (target) {
                    case AttributeValue.S s when operand instanceof AttributeValue.S o -> s.value().contains(o.value());
                    case AttributeValue.B b when operand instanceof AttributeValue.B o -> indexOf(b.value().toArray(),
                            o.value().toArray()) >= 0;
                    case AttributeValue.SS ss when operand instanceof AttributeValue.S o -> ss.value().contains(o.value());
                    case AttributeValue.NS ns when operand instanceof AttributeValue.N o -> ns.value().contains(o.value());
                    case AttributeValue.BS bs when operand instanceof AttributeValue.B o -> bs.value().contains(o.value());
                    case AttributeValue.L l -> operand != null && l.value().contains(operand);
                    case null, default -> false;
                };
            }
            default -> throw new IllegalStateException("parsed an unknown function: " + function.name());
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean compare(Ast.Comparator comparator, AttributeValue left, AttributeValue right) {
        if (left == null || right == null) {
            return comparator == Ast.Comparator.NE;
        }
        return switch (comparator) {
            case EQ -> left.equals(right);
            case NE -> !left.equals(right);
            default -> {
                if (!AttributeValue.isOrderedWith(left, right)) {
                    yield false;
                }
                int c = AttributeValue.compare(left, right);
                yield switch (comparator) {
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                };
            }
        };
    }

    /** An operand's value on {@code item} (null: missing). */
    public static AttributeValue value(Ast.Operand operand, Map<String, AttributeValue> item) {
        return switch (operand) {
            case Ast.ValueOperand v -> v.value();
            case Ast.PathOperand p -> get(item, p.path());
            case Ast.Size size -> {
                AttributeValue v = get(item, size.path());
                yield v == null ? null : new AttributeValue.N(BigDecimal.valueOf(sizeOf(v)));
            }
            case Ast.IfNotExists ifNotExists -> {
                AttributeValue v = get(item, ifNotExists.path());
                yield v != null ? v : value(ifNotExists.fallback(), item);
            }
            case Ast.ListAppend append -> {
                AttributeValue first = value(append.first(), item);
                AttributeValue second = value(append.second(), item);
                if (!(first instanceof AttributeValue.L a) || !(second instanceof AttributeValue.L b)) {
                    AttributeValue wrong = first instanceof AttributeValue.L ? second : first;
                    throw wrong == null ? missingOperand() : DynamoDbException.validation("Invalid UpdateExpression: "
                            + "Incorrect operand type for operator or function; operator or function: list_append, "
                            + "operand type: " + typeName(wrong));
                }
                List<AttributeValue> joined = new ArrayList<>(a.value());
                joined.addAll(b.value());
                yield new AttributeValue.L(joined);
            }
            case Ast.Arithmetic arithmetic -> {
                AttributeValue left = value(arithmetic.left(), item);
                AttributeValue right = value(arithmetic.right(), item);
                if (left == null || right == null) {
                    throw missingOperand();
                }
                if (!(left instanceof AttributeValue.N a) || !(right instanceof AttributeValue.N b)) {
                    throw DynamoDbException.validation("An operand in the update expression has an incorrect data type");
                }
                yield new AttributeValue.N(DynamoNumber.add(a.value(), arithmetic.isPlus() ? b.value() : b.value().negate()));
            }
        };
    }

    private static DynamoDbException missingOperand() {
        return DynamoDbException.validation(
                "The provided expression refers to an attribute that does not exist in the item");
    }

    private static long sizeOf(AttributeValue v) {
        return switch (v) {
            case AttributeValue.S s -> s.value().codePointCount(0, s.value().length());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.SS s -> s.value().size();
            case AttributeValue.NS s -> s.value().size();
            case AttributeValue.BS s -> s.value().size();
            case AttributeValue.M m -> m.value().size();
            case AttributeValue.L l -> l.value().size();
            default -> throw DynamoDbException.validation("Invalid ConditionExpression: Incorrect operand type for "
                    + "operator or function; operator or function: size, operand type: " + typeName(v));
        };
    }

    static String typeName(AttributeValue v) {
        return switch (v.type()) {
            case "S" -> "S";
            case "N" -> "N";
            case "B" -> "B";
            case "BOOL" -> "BOOL";
            case "NULL" -> "NULL";
            case "M" -> "M";
            case "L" -> "L";
            default -> v.type();
        };
    }

    // ---- updates

    /**
     * Applies update actions to a copy of {@code item} (null: a new item holding only its key, which
     * the caller has put in). The key attributes are checked by the caller.
     */
    public static Map<String, AttributeValue> update(Map<String, AttributeValue> item, List<Ast.UpdateAction> actions) {
        Map<String, AttributeValue> original = item;
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        // Every value is computed on the item as it was before the update (DynamoDB's semantics), then set.
        List<AttributeValue> values = new ArrayList<>();
        for (Ast.UpdateAction action : actions) {
            values.add(switch (action) {
                case Ast.Set set -> value(set.value(), original);
                case Ast.Remove ignored -> null;
                case Ast.Add add -> value(add.value(), original);
                case Ast.Delete delete -> value(delete.value(), original);
            });
        }
        // REMOVE of list elements shifts the list: apply removals of higher indexes first.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> {
            Path pa = actions.get(a).path();
            Path pb = actions.get(b).path();
            if (actions.get(a) instanceof Ast.Remove && actions.get(b) instanceof Ast.Remove
                    && pa.elements().getLast() instanceof Path.Index ia && pb.elements().getLast() instanceof Path.Index ib) {
                return Integer.compare(ib.index(), ia.index());
            }
            return Integer.compare(a, b);
        });
        for (int i : order) {
            Ast.UpdateAction action = actions.get(i);
            AttributeValue value = values.get(i);
            AttributeValue current = get(original, action.path());
            switch (action) {
                case Ast.Set set -> put(result, set.path(), value);
                case Ast.Remove remove -> remove(result, remove.path());
                case Ast.Add add -> put(result, add.path(), add(current, value));
                case Ast.Delete delete -> {
                    AttributeValue remaining = deleteFrom(current, value);
                    if (remaining == null) {
                        remove(result, delete.path());
                    } else {
                        put(result, delete.path(), remaining);
                    }
                }
            }
        }
        return result;
    }

    /** ADD: a number added to a number (missing = 0), or a set's elements added to a set of its type. */
    public static AttributeValue add(AttributeValue current, AttributeValue value) {
        if (value instanceof AttributeValue.N n) {
            if (current == null) {
                return n;
            }
            if (current instanceof AttributeValue.N c) {
                return new AttributeValue.N(DynamoNumber.add(c.value(), n.value()));
            }
        } else if (value.isSet()) {
            if (current == null) {
                return value;
            }
            if (current.getClass() == value.getClass()) {
                return switch (value) {
                    case AttributeValue.SS v -> new AttributeValue.SS(union(((AttributeValue.SS) current).value(), v.value()));
                    case AttributeValue.NS v -> new AttributeValue.NS(union(((AttributeValue.NS) current).value(), v.value()));
                    case AttributeValue.BS v -> new AttributeValue.BS(union(((AttributeValue.BS) current).value(), v.value()));
                    default -> throw new IllegalStateException();
                };
            }
        } else {
            throw DynamoDbException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                    + "operator: ADD, operand type: " + typeName(value));
        }
        throw DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }

    /** DELETE: a set's elements removed from a set of its type; null when nothing remains. */
    public static AttributeValue deleteFrom(AttributeValue current, AttributeValue value) {
        if (!value.isSet()) {
            throw DynamoDbException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                    + "operator: DELETE, operand type: " + typeName(value));
        }
        if (current == null) {
            return null;
        }
        if (current.getClass() != value.getClass()) {
            throw DynamoDbException.validation("An operand in the update expression has an incorrect data type");
        }
        return switch (value) {
            case AttributeValue.SS v -> {
                Set<String> rest = minus(((AttributeValue.SS) current).value(), v.value());
                yield rest.isEmpty() ? null : new AttributeValue.SS(rest);
            }
            case AttributeValue.NS v -> {
                Set<BigDecimal> rest = minus(((AttributeValue.NS) current).value(), v.value());
                yield rest.isEmpty() ? null : new AttributeValue.NS(rest);
            }
            case AttributeValue.BS v -> {
                Set<AttributeValue.Bytes> rest = minus(((AttributeValue.BS) current).value(), v.value());
                yield rest.isEmpty() ? null : new AttributeValue.BS(rest);
            }
            default -> throw new IllegalStateException();
        };
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static DynamoDbException invalidPath() {
        return DynamoDbException.validation("The document path provided in the update expression is invalid for update");
    }

    /** Sets {@code path} in the mutable top-level map; the parents of a nested path must exist. */
    static void put(Map<String, AttributeValue> item, Path path, AttributeValue value) {
        if (path.isTopLevel()) {
            item.put(path.attribute(), value);
            return;
        }
        item.put(path.attribute(), with(item.get(path.attribute()), path.elements(), 1, value));
    }

    private static AttributeValue with(AttributeValue container, List<Path.Element> elements, int at, AttributeValue value) {
        if (at == elements.size()) {
            return value;
        }
        Path.Element element = elements.get(at);
        boolean isLast = at == elements.size() - 1;
        if (element instanceof Path.Name name && container instanceof AttributeValue.M m) {
            AttributeValue child = m.value().get(name.name());
            if (child == null && !isLast) {
                throw invalidPath();
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            copy.put(name.name(), with(child, elements, at + 1, value));
            return new AttributeValue.M(copy);
        }
        if (element instanceof Path.Index index && container instanceof AttributeValue.L l) {
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (index.index() < copy.size()) {
                copy.set(index.index(), with(copy.get(index.index()), elements, at + 1, value));
            } else if (isLast) {
                copy.add(value); // past the end: appended, as DynamoDB does
            } else {
                throw invalidPath();
            }
            return new AttributeValue.L(copy);
        }
        throw invalidPath();
    }

    static void remove(Map<String, AttributeValue> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.attribute());
            return;
        }
        AttributeValue top = item.get(path.attribute());
        if (top != null) {
            AttributeValue updated = without(top, path.elements(), 1);
            if (updated != null) {
                item.put(path.attribute(), updated);
            }
        }
    }

    private static AttributeValue without(AttributeValue container, List<Path.Element> elements, int at) {
        Path.Element element = elements.get(at);
        boolean isLast = at == elements.size() - 1;
        if (element instanceof Path.Name name && container instanceof AttributeValue.M m) {
            if (!m.value().containsKey(name.name())) {
                return isLast ? container : container;
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (isLast) {
                copy.remove(name.name());
            } else {
                copy.put(name.name(), without(copy.get(name.name()), elements, at + 1));
            }
            return new AttributeValue.M(copy);
        }
        if (element instanceof Path.Index index && container instanceof AttributeValue.L l) {
            if (index.index() >= l.value().size()) {
                return container;
            }
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (isLast) {
                copy.remove(index.index());
            } else {
                copy.set(index.index(), without(copy.get(index.index()), elements, at + 1));
            }
            return new AttributeValue.L(copy);
        }
        if (container instanceof AttributeValue.M || container instanceof AttributeValue.L) {
            return container;
        }
        throw invalidPath();
    }

    // ---- projection

    /** The item with only the attributes at {@code paths} (list elements keep their order, compacted). */
    public static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Path> paths) {
        Selection root = new Selection();
        for (Path path : paths) {
            Selection at = root;
            for (Path.Element element : path.elements()) {
                at = switch (element) {
                    case Path.Name name -> at.names.computeIfAbsent(name.name(), n -> new Selection());
                    case Path.Index index -> at.indexes.computeIfAbsent(index.index(), i -> new Selection());
                };
            }
            at.isWhole = true;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        root.names.forEach((name, selection) -> {
            AttributeValue v = selection.apply(item.get(name));
            if (v != null) {
                out.put(name, v);
            }
        });
        return out;
    }

    /** What a projection keeps of a value: all of it, or some of its members or elements. */
    private static final class Selection {
        final Map<String, Selection> names = new LinkedHashMap<>();
        final Map<Integer, Selection> indexes = new java.util.TreeMap<>();
        boolean isWhole;

        AttributeValue apply(AttributeValue value) {
            if (value == null || isWhole) {
                return value;
            }
            if (value instanceof AttributeValue.M m && !names.isEmpty()) {
                Map<String, AttributeValue> kept = new LinkedHashMap<>();
                names.forEach((name, selection) -> {
                    AttributeValue v = selection.apply(m.value().get(name));
                    if (v != null) {
                        kept.put(name, v);
                    }
                });
                return kept.isEmpty() ? null : new AttributeValue.M(kept);
            }
            if (value instanceof AttributeValue.L l && !indexes.isEmpty()) {
                List<AttributeValue> kept = new ArrayList<>();
                indexes.forEach((index, selection) -> {
                    AttributeValue v = index < l.value().size() ? selection.apply(l.value().get(index)) : null;
                    if (v != null) {
                        kept.add(v);
                    }
                });
                return kept.isEmpty() ? null : new AttributeValue.L(kept);
            }
            return null;
        }
    }
}
