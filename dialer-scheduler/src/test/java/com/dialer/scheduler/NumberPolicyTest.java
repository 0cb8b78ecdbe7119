package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dialer.schemas.EnvironmentKeys;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

class NumberPolicyTest {
    private static final String US_MOBILE_OR_FIXED = "+12015550123";
    private static final String UK_MOBILE = "+447400123456";
    private static final String UK_PREMIUM = example("GB", PhoneNumberType.PREMIUM_RATE);
    private static final String FR_SHARED_COST = example("FR", PhoneNumberType.SHARED_COST);
    private static final String UK_UAN = example("GB", PhoneNumberType.UAN);
    private static final String US_TOLL_FREE = example("US", PhoneNumberType.TOLL_FREE);

    /** libphonenumber's own example of a type: what it classifies as that type, whatever its metadata version. */
    static String example(String region, PhoneNumberType type) {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        return phones.format(phones.getExampleNumberForType(region, type), PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static NumberPolicy policy(Map<String, String> env) {
        return NumberPolicy.from(new EnvironmentKeys(env::get));
    }

    private static PhoneNumber number(String e164) throws Exception {
        PhoneNumber n = PhoneNumberUtil.getInstance().parse(e164, null);
        assertThat(PhoneNumberUtil.getInstance().isValidNumber(n)).as(e164 + " is valid").isTrue();
        return n;
    }

    @Test
    void byDefaultFixedLinesAndMobilesOfAnyCountryMayBeCalled() throws Exception {
        NumberPolicy standard = policy(Map.of());
        assertThat(standard.problem("acme", number(US_MOBILE_OR_FIXED))).isEmpty();
        assertThat(standard.problem("acme", number(UK_MOBILE))).isEmpty();
        assertThat(standard.problem(null, number(UK_MOBILE))).as("campaign not known yet").isEmpty();
    }

    @Test
    void premiumRateSharedCostUanAndTollFreeAreRefusedByDefault() throws Exception {
        NumberPolicy standard = policy(Map.of());
        assertThat(standard.problem("acme", number(UK_PREMIUM))).hasValueSatisfying(p -> assertThat(p)
                .contains("number type PREMIUM_RATE not allowed for client acme"));
        assertThat(standard.problem("acme", number(FR_SHARED_COST))).hasValueSatisfying(p -> assertThat(p).contains("SHARED_COST"));
        assertThat(standard.problem("acme", number(UK_UAN))).hasValueSatisfying(p -> assertThat(p).contains("UAN"));
        assertThat(standard.problem("acme", number(US_TOLL_FREE))).hasValueSatisfying(p -> assertThat(p).contains("TOLL_FREE"));
    }

    @Test
    void aClientsOwnRuleReplacesTheDefault() throws Exception {
        NumberPolicy policy = policy(Map.of("NUMBER_COUNTRIES", "US,CA",
                "CLIENT_NUMBER_POLICY", "globex=GB/MOBILE,PREMIUM_RATE; initech=*/TOLL_FREE,FIXED_LINE_OR_MOBILE"));
        assertThat(policy.problem("acme", number(UK_MOBILE))).hasValueSatisfying(p -> assertThat(p)
                .contains("country GB not allowed for client acme (NUMBER_COUNTRIES, NUMBER_TYPES)"));
        assertThat(policy.problem("globex", number(UK_PREMIUM))).isEmpty();
        assertThat(policy.problem("globex", number(US_MOBILE_OR_FIXED))).hasValueSatisfying(p -> assertThat(p)
                .contains("(CLIENT_NUMBER_POLICY)"));
        assertThat(policy.problem("initech", number(US_TOLL_FREE))).isEmpty();
    }

    @Test
    void aBadSettingIsNamedAtStartUp() {
        assertThatThrownBy(() -> policy(Map.of("NUMBER_TYPES", "MOBILE,PREMIUM"))).hasMessageStartingWith("NUMBER_TYPES: 'PREMIUM'");
        assertThatThrownBy(() -> policy(Map.of("NUMBER_COUNTRIES", "USA"))).hasMessageStartingWith("NUMBER_COUNTRIES: 'USA'");
        assertThatThrownBy(() -> policy(Map.of("CLIENT_NUMBER_POLICY", "acme=US"))).hasMessageStartingWith("CLIENT_NUMBER_POLICY");
        assertThatThrownBy(() -> policy(Map.of("CLIENT_NUMBER_POLICY", "ac}me=US/MOBILE"))).hasMessageStartingWith("CLIENT_NUMBER_POLICY");
    }
}
