package com.dialer.plivo;

import com.plivo.api.util.Utils;

/**
 * The shape of a Plivo auth id, as plivo-java checks it when a client is built: {@code MA} (an account) or
 * {@code SA} (a subaccount) and 18 letters or digits. Checked where the id is first given, so a typo is told
 * before anything starts rather than when the first dial builds a client.
 */
public final class PlivoAuthId {

    private PlivoAuthId() {
    }

    /** The id itself; an IllegalArgumentException naming the expected shape when it has another. */
    public static String check(String authId) {
        if (authId == null || !(Utils.isAccountIdValid(authId) || Utils.isSubaccountIdValid(authId))) {
            throw new IllegalArgumentException("Plivo auth id: MA or SA followed by 18 letters or digits (the Auth ID on "
                    + "the Plivo console's overview page), was " + (authId == null ? "none" : "'" + authId + "'"));
        }
        return authId;
    }
}
