package io.riffle.aws.policy;

/**
 * The ARNs of an assumed role's sessions ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION})
 * and of the role they come from ({@code arn:aws:iam::ACCOUNT:role/ROLE}).
 */
public final class AssumedRoles {

    private static final String SESSION_PREFIX = "arn:aws:sts::";
    private static final String ASSUMED_ROLE = ":assumed-role/";

    private AssumedRoles() {
    }

    public static String sessionArn(String accountId, String roleName, String sessionName) {
        return SESSION_PREFIX + accountId + ASSUMED_ROLE + roleName + "/" + sessionName;
    }

    /** The role a session ARN belongs to, or null when {@code arn} is no assumed role's session. */
    public static String roleArnOf(String arn) {
        int marker = arn.indexOf(ASSUMED_ROLE);
        if (!arn.startsWith(SESSION_PREFIX) || marker < 0) {
            return null;
        }
        String account = arn.substring(SESSION_PREFIX.length(), marker);
        String rest = arn.substring(marker + ASSUMED_ROLE.length());
        int slash = rest.lastIndexOf('/');
        return "arn:aws:iam::" + account + ":role/" + (slash < 0 ? rest : rest.substring(0, slash));
    }
}
