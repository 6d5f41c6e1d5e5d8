package org.egret.net.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.operator.ContentSigner;
import org.egret.security.TopologySecret;

/**
 * The topology's TLS identity: one EC P-256 key and one self-signed certificate, which every
 * process of the topology derives from the topology's secret by itself, so that nothing more than
 * the secret has to travel to a container on any cluster. The key is an HMAC of the secret; the
 * certificate has fixed fields and a deterministic ECDSA signature (RFC 6979), so every process
 * holds the very same certificate. Both ends of a connection present it and trust nothing else:
 * mutual TLS that only holders of the secret can complete.
 */
public final class TopologyTls {
    private static final String CURVE = "secp256r1";
    private static final byte[] LABEL = "egret-tls-key-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Date NOT_BEFORE = new Date(1_577_836_800_000L); // 2020-01-01
    private static final Date NOT_AFTER = new Date(4_102_444_800_000L); // 2100-01-01
    private static volatile TopologyTls last;

    private final TopologySecret secret;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SslContext server;
    private final SslContext client;

    private TopologyTls(TopologySecret secret) throws GeneralSecurityException, IOException {
        this.secret = secret;
        // BouncyCastle's lightweight classes only: its JCA provider costs seconds of class loading at
        // the start of every process, and the JDK does the rest
        X9ECParameters x9 = CustomNamedCurves.getByName(CURVE);
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        // an HMAC is uniform over 256 bits; reduced into [1, n-1] it is a valid, secret scalar
        BigInteger d = new BigInteger(1, secret.mac(LABEL))
                .mod(domain.getN().subtract(BigInteger.ONE))
                .add(BigInteger.ONE);
        org.bouncycastle.math.ec.ECPoint q =
                new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(CURVE));
        ECParameterSpec jdkCurve = params.getParameterSpec(ECParameterSpec.class);
        KeyFactory kf = KeyFactory.getInstance("EC");
        key = kf.generatePrivate(new ECPrivateKeySpec(d, jdkCurve));
        PublicKey pub = kf.generatePublic(new ECPublicKeySpec(
                new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                jdkCurve));
        X500Name name = new X500Name("CN=egret topology");
        byte[] der = new X509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        NOT_BEFORE,
                        NOT_AFTER,
                        name,
                        SubjectPublicKeyInfo.getInstance(pub.getEncoded()))
                .build(new DeterministicSigner(new ECPrivateKeyParameters(d, domain)))
                .getEncoded();
        certificate = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        server = SslContextBuilder.forServer(key, certificate)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .trustManager(certificate)
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .keyManager(key, certificate)
                .trustManager(certificate)
                .build();
    }

    /**
     * Signs with ECDSA whose nonce comes from the key and the message (RFC 6979), under the usual
     * ecdsa-with-SHA256 identifier: verifiers cannot tell, and every signer gets the same signature.
     */
    private static final class DeterministicSigner implements ContentSigner {
        private final ByteArrayOutputStream signed = new ByteArrayOutputStream();
        private final ECPrivateKeyParameters key;

        DeterministicSigner(ECPrivateKeyParameters key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        }

        @Override
        public OutputStream getOutputStream() {
            return signed;
        }

        @Override
        public byte[] getSignature() {
            byte[] tbs = signed.toByteArray();
            SHA256Digest sha = new SHA256Digest();
            sha.update(tbs, 0, tbs.length);
            byte[] hash = new byte[sha.getDigestSize()];
            sha.doFinal(hash, 0);
            ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            ecdsa.init(true, key);
            BigInteger[] rs = ecdsa.generateSignature(hash);
            try {
                return new DERSequence(new ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
                        .getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode the certificate's signature", e);
            }
        }
    }

    /** The TLS identity of the topology whose secret this is (derived once per process). */
    public static TopologyTls of(TopologySecret secret) {
        TopologyTls t = last;
        if (t != null && t.secret.equals(secret)) {
            return t;
        }
        try {
            t = new TopologyTls(secret);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        last = t;
        return t;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** For accepted connections: presents the topology's certificate and requires the client's. */
    public SslContext serverContext() {
        return server;
    }

    /** For opened connections: presents the topology's certificate and trusts only a server with it. */
    public SslContext clientContext() {
        return client;
    }
}
